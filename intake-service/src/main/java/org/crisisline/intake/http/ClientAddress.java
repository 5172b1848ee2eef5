package org.crisisline.intake.http;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the client behind the proxy, for the anonymous rate limits and the audit's
 * {@code sourceAddress}. {@code X-Forwarded-For} is believed only when the TCP peer is one of
 * CRISISLINE_TRUSTED_PROXIES (addresses or CIDRs); then the client is the right-most entry that
 * is not itself a trusted proxy (entries further left are whatever the client chose to send).
 * Without trusted proxies the header is ignored and the peer is the client.
 */
public final class ClientAddress {
  static final String KEY = "clientAddress";
  private static final Pattern LITERAL = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");
  private final List<byte[][]> trusted = new ArrayList<>();

  /** {@code proxies}: addresses ({@code 10.0.0.5}) or CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}). */
  public ClientAddress(List<String> proxies) {
    for (String p : proxies) {
      String[] parts = p.trim().split("/", 2);
      byte[] address = parse(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("CRISISLINE_TRUSTED_PROXIES: not an IP address or CIDR: " + p);
      }
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      trusted.add(new byte[][] {address, mask(address.length, bits)});
    }
  }

  /** The client address {@link #handler} worked out for this request (the peer if it did not run). */
  public static String of(RoutingContext ctx) {
    String known = ctx.get(KEY);
    if (known != null) {
      return known;
    }
    return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
  }

  /** First on every route: records the client address for the limits and the audit. */
  public void handler(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    ctx.put(KEY, resolve(peer, ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  String resolve(String peer, List<String> forwardedFor) {
    if (!isTrusted(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(h -> {
      for (String part : h.split(",")) {
        hops.add(part.trim());
      }
    });
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (parse(hop) == null) {
        return peer; // A garbled header: fall back to what we know.
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    byte[] a = parse(address);
    if (a == null) {
      return false;
    }
    for (byte[][] t : trusted) {
      if (t[0].length == a.length && matches(a, t[0], t[1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] a, byte[] network, byte[] mask) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & mask[i]) != (network[i] & mask[i])) {
        return false;
      }
    }
    return true;
  }

  private static byte[] mask(int length, int bits) {
    byte[] m = new byte[length];
    for (int i = 0; i < length; i++) {
      int b = Math.max(0, Math.min(8, bits - i * 8));
      m[i] = (byte) (0xff << (8 - b));
    }
    return m;
  }

  /** The bytes of an IP literal, or null; never a DNS lookup (only literals reach InetAddress). */
  private static byte[] parse(String s) {
    if (s == null) {
      return null;
    }
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (!LITERAL.matcher(t).matches() || (!t.contains(":") && !t.matches("^\\d{1,3}(\\.\\d{1,3}){3}$"))) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
