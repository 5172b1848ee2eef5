package org.crisisline.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flame graph of a JFR recording's CPU samples ({@code jdk.ExecutionSample}), as SVG (with a
 * tooltip per frame) and PNG. Root at the bottom, callees above, width = share of samples; frames
 * are class.method (no line numbers, so one method is one box). Usage:
 * {@code java -cp ... org.crisisline.bench.FlameGraph recording.jfr out-basename [title] [from-instant]}:
 * samples before {@code from} (an ISO instant, logged by the bench when its steps begin) are left
 * out, because a dump also carries the JVM's earlier chunks (start-up, warm-up logins).
 */
public final class FlameGraph {
  private static final int WIDTH = 1800;
  private static final int ROW = 17;
  private static final double MIN_PX = 2.0; // narrower frames are dropped: keeps the SVG small

  /** One frame in the merged call tree. */
  static final class Node {
    final String name;
    long samples;
    final Map<String, Node> children = new LinkedHashMap<>();

    Node(String name) {
      this.name = name;
    }

    Node child(String n) {
      return children.computeIfAbsent(n, Node::new);
    }

    int depth() {
      int d = 0;
      for (Node c : children.values()) {
        d = Math.max(d, c.depth());
      }
      return d + 1;
    }
  }

  private FlameGraph() {}

  public static void main(String[] args) throws IOException {
    Path jfr = Path.of(args[0]);
    String base = args[1];
    String title = args.length > 2 ? args[2] : "CPU samples of " + jfr.getFileName();
    Instant from = args.length > 3 ? Instant.parse(args[3]) : Instant.MIN;
    Node root = read(jfr, from);
    Files.writeString(Path.of(base + ".svg"), svg(root, title));
    png(root, title, Path.of(base + ".png"));
    System.out.printf(Locale.ROOT, "%d samples -> %s.svg, %s.png%n", root.samples, base, base);
  }

  static Node read(Path jfr, Instant from) throws IOException {
    Node root = new Node("all");
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null
          || e.getStartTime().isBefore(from)) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      root.samples++;
      // A stack deeper than the recording's stackdepth (64 by default) lacks its bottom frames:
      // grouped under one box instead of posing as roots (record with stackdepth=256 to avoid).
      Node n = e.getStackTrace().isTruncated() ? root.child("[truncated stack]") : root;
      if (n != root) {
        n.samples++;
      }
      for (int i = frames.size() - 1; i >= 0; i--) {
        RecordedFrame f = frames.get(i);
        String cls = f.getMethod().getType().getName();
        n = n.child(cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName());
        n.samples++;
      }
    }
    return root;
  }

  private record Box(String name, long samples, double x, double w, int level) {}

  private static List<Box> layout(Node root) {
    List<Box> boxes = new ArrayList<>();
    place(root, 0, WIDTH, 0, boxes);
    return boxes;
  }

  private static void place(Node n, double x, double w, int level, List<Box> out) {
    if (w < MIN_PX) {
      return;
    }
    out.add(new Box(n.name, n.samples, x, w, level));
    double cx = x;
    for (Node c : n.children.values()) {
      double cw = w * c.samples / n.samples;
      place(c, cx, cw, level + 1, out);
      cx += cw;
    }
  }

  private static Color color(String name) {
    int h = Math.abs(name.hashCode());
    if (name.startsWith("Unsafe.") || name.contains("Native") || name.startsWith("EPoll")) {
      return new Color(230, 120 + h % 60, 60);
    }
    return new Color(205 + h % 50, 80 + h % 120, 40 + h % 40);
  }

  static String svg(Node root, String title) {
    List<Box> boxes = layout(root);
    int levels = root.depth();
    int height = levels * ROW + 60;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"Verdana,sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"#fdfdf5\"/>%n"
        + "<text x=\"10\" y=\"22\" font-size=\"15\">%s (%d samples)</text>%n", WIDTH + 20, height, esc(title),
        root.samples));
    for (Box x : boxes) {
      int y = height - 20 - (x.level() + 1) * ROW;
      Color c = color(x.name());
      String label = fit(x.name(), x.w());
      b.append(String.format(Locale.ROOT, "<g><title>%s: %d samples (%.2f%%)</title><rect x=\"%.1f\" y=\"%d\" "
          + "width=\"%.1f\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" rx=\"2\"/>%s</g>%n", esc(x.name()), x.samples(),
          100.0 * x.samples() / root.samples, x.x() + 10, y, x.w(), ROW - 1, c.getRed(), c.getGreen(), c.getBlue(),
          label.isEmpty() ? "" : String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x.x() + 13,
              y + ROW - 5, esc(label))));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  static void png(Node root, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Box> boxes = layout(root);
    int height = root.depth() * ROW + 60;
    BufferedImage img = new BufferedImage(WIDTH + 20, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(0xfdfdf5));
    g.fillRect(0, 0, img.getWidth(), height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title + " (" + root.samples + " samples)", 10, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (Box x : boxes) {
      int y = height - 20 - (x.level() + 1) * ROW;
      g.setColor(color(x.name()));
      g.fillRect((int) (x.x() + 10), y, Math.max(1, (int) x.w()), ROW - 1);
      String label = fit(x.name(), x.w());
      if (!label.isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString(label, (int) (x.x() + 13), y + ROW - 5);
      }
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static String fit(String name, double w) {
    int chars = (int) ((w - 6) / 6.5);
    if (chars < 3) {
      return "";
    }
    return name.length() <= chars ? name : name.substring(0, Math.max(1, chars - 2)) + "..";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
