package org.crisisline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * latency.png: latency percentiles (log scale, ms) against offered rate (one slot per step), for
 * request → offer delivered and request → ACCEPTED, with the raw Kafka single hop measured during
 * the same steps drawn dashed underneath: the floor. Java2D only, headless.
 */
final class LatencyChart {
  private static final int W = 1000;
  private static final int H = 620;
  private static final int LEFT = 80;
  private static final int RIGHT = 240;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private LatencyChart() {}

  private record Series(String name, Color color, boolean dashed, ToDoubleFunction<StepResult> value) {}

  static void write(List<StepResult> measured, StepResult.Latency idleFloor, Path file) throws IOException {
    // By offered rate, whatever order the steps ran in (a low rate is often run last, warm).
    List<StepResult> steps = measured.stream()
        .sorted(Comparator.comparingInt(StepResult::rate)).toList();
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("crisisline: latency against offered rate (open loop)", LEFT, 30);
    List<Series> series = List.of(
        new Series("delivered p50", new Color(0x1f77b4), false, s -> s.delivered().p50()),
        new Series("delivered p99", new Color(0x1f77b4).darker(), false, s -> s.delivered().p99()),
        new Series("ACCEPTED p50", new Color(0x2ca02c), false, s -> s.accepted().p50()),
        new Series("ACCEPTED p99", new Color(0x2ca02c).darker(), false, s -> s.accepted().p99()),
        new Series("intake HTTP p99", new Color(0xff7f0e), false, s -> s.intake().p99()),
        new Series("raw Kafka hop p50", Color.GRAY, true, s -> s.floor().p50()),
        new Series("raw Kafka hop p99", Color.DARK_GRAY, true, s -> s.floor().p99()));
    double lo = 0.1;
    double hi = 100_000;
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double v = lo; v <= hi; v *= 10) {
      int y = y(v, lo, hi, plotH);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.BLACK);
      g.drawString(v < 1 ? String.valueOf(v) : String.format(Locale.ROOT, "%.0f", v), LEFT - 50, y + 4);
    }
    g.drawString("ms (log)", 10, TOP - 10);
    int n = Math.max(1, steps.size());
    for (int i = 0; i < steps.size(); i++) {
      int x = x(i, n, plotW);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(x, TOP, x, TOP + plotH);
      g.setColor(Color.BLACK);
      g.drawString(String.valueOf(steps.get(i).rate()), x - 14, TOP + plotH + 20);
    }
    g.drawString("offered rate (req/s)", LEFT + plotW / 2 - 50, H - 25);
    g.drawRect(LEFT, TOP, plotW, plotH);
    int ly = TOP + 10;
    for (Series s : series) {
      Stroke stroke = s.dashed()
          ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
          : new BasicStroke(2.5f);
      g.setStroke(stroke);
      g.setColor(s.color());
      int px = -1;
      int py = -1;
      for (int i = 0; i < steps.size(); i++) {
        double v = s.value().applyAsDouble(steps.get(i));
        if (!(v > 0)) {
          px = -1;
          continue;
        }
        int x = x(i, n, plotW);
        int y = y(Math.max(lo, Math.min(hi, v)), lo, hi, plotH);
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawLine(W - RIGHT + 15, ly, W - RIGHT + 45, ly);
      g.setStroke(new BasicStroke(1f));
      g.setColor(Color.BLACK);
      g.drawString(s.name(), W - RIGHT + 52, ly + 4);
      ly += 22;
    }
    if (idleFloor != null && idleFloor.count() > 0) {
      g.drawString(String.format(Locale.ROOT, "idle raw hop p50 %.2f ms", idleFloor.p50()), W - RIGHT + 15, ly + 10);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static int x(int i, int n, int plotW) {
    return LEFT + (int) ((i + 0.5) * plotW / n);
  }

  private static int y(double v, double lo, double hi, int plotH) {
    double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    return TOP + plotH - (int) (f * plotH);
  }
}
