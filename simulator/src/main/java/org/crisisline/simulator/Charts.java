package org.crisisline.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The report's two charts, one line per policy run: waiting.png (requests waiting over the run) and
 * speed-by-hour.png (mean and p90 speed to answer by hour of the day). Java2D only, headless, as
 * the bench's latency chart; the same data always draws the same image.
 */
final class Charts {
  private static final int W = 1000;
  private static final int H = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728)};

  /** One run's series under its label (the policy's name). */
  record Run(String label, Series series) {}

  private Charts() {}

  static void waiting(List<Run> runs, Path file) throws IOException {
    int bins = runs.stream().mapToInt(r -> r.series().waiting().length).max().orElse(1);
    double max = Math.max(1, runs.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.series().waiting()))
        .max().orElse(1));
    Canvas c = new Canvas("Requests waiting (average per " + Series.BIN_MINUTES + " min)", "hours since start",
        "waiting", max);
    int hours = bins * Series.BIN_MINUTES / 60;
    int step = Math.max(1, hours / 12);
    for (int h = 0; h <= hours; h += step) {
      c.xTick((double) h * 60 / Series.BIN_MINUTES / bins, Integer.toString(h));
    }
    for (int i = 0; i < runs.size(); i++) {
      double[] w = runs.get(i).series().waiting();
      c.line(w, bins, COLORS[i % COLORS.length], false);
      c.legend(i, runs.get(i).label(), COLORS[i % COLORS.length], false);
    }
    c.write(file);
  }

  static void speedByHour(List<Run> runs, Path file) throws IOException {
    double max = Math.max(1, runs.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.series().p90SpeedByHour()))
        .max().orElse(1));
    Canvas c = new Canvas("Speed to answer by hour logged (UTC): mean solid, p90 dashed", "hour of day",
        "seconds", max);
    for (int h = 0; h < 24; h += 2) {
      c.xTick(h / 24.0, String.format(Locale.ROOT, "%02d", h));
    }
    int legend = 0;
    for (int i = 0; i < runs.size(); i++) {
      Color color = COLORS[i % COLORS.length];
      c.line(runs.get(i).series().meanSpeedByHour(), 24, color, false);
      c.line(runs.get(i).series().p90SpeedByHour(), 24, color, true);
      c.legend(legend++, runs.get(i).label() + " mean", color, false);
      c.legend(legend++, runs.get(i).label() + " p90", color, true);
    }
    c.write(file);
  }

  /** A plot area with a linear y axis from 0 to {@code max}. */
  private static final class Canvas {
    private final BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g = img.createGraphics();
    private final double max;
    private final int plotW = W - LEFT - RIGHT;
    private final int plotH = H - TOP - BOTTOM;

    Canvas(String title, String xLabel, String yLabel, double max) {
      System.setProperty("java.awt.headless", "true");
      this.max = max * 1.05;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i <= 5; i++) {
        double v = this.max * i / 5;
        int y = TOP + plotH - (int) Math.round(plotH * i / 5.0);
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, v < 10 ? "%.1f" : "%.0f", v), LEFT - 50, y + 4);
      }
      g.drawString(yLabel, 10, TOP - 10);
      g.drawString(xLabel, LEFT + plotW / 2 - 40, H - 15);
      g.drawRect(LEFT, TOP, plotW, plotH);
    }

    void xTick(double fraction, String label) {
      int x = LEFT + (int) Math.round(plotW * fraction);
      g.setColor(Color.BLACK);
      g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
      g.drawString(label, x - 8, TOP + plotH + 20);
    }

    void line(double[] values, int slots, Color color, boolean dashed) {
      g.setColor(color);
      g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
      for (int i = 1; i < values.length; i++) {
        g.drawLine(x(i - 1, slots), y(values[i - 1]), x(i, slots), y(values[i]));
      }
      g.setStroke(new BasicStroke(1f));
    }

    void legend(int row, String label, Color color, boolean dashed) {
      int y = TOP + 20 + row * 20;
      int x = LEFT + plotW + 15;
      g.setColor(color);
      g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
      g.drawLine(x, y - 4, x + 25, y - 4);
      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawString(label, x + 32, y);
    }

    private int x(int i, int slots) {
      return LEFT + (int) Math.round(plotW * (i + 0.5) / slots);
    }

    private int y(double v) {
      return TOP + plotH - (int) Math.round(plotH * Math.min(v, max) / max);
    }

    void write(Path file) throws IOException {
      g.dispose();
      ImageIO.write(img, "png", file.toFile());
    }
  }
}
