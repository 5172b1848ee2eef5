package org.crisisline.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Twilio-Signature} scheme: base64(HMAC-SHA1(authToken, fullUrl + each POST parameter
 * name followed by its value, names sorted)). The URL is the one the provider called, query
 * string included. Comparison is constant-time.
 */
public final class TwilioSignature {
  private TwilioSignature() {}

  public static String compute(String authToken, String fullUrl, Map<String, List<String>> formParams) {
    StringBuilder data = new StringBuilder(fullUrl);
    new TreeMap<>(formParams).forEach((name, values) -> {
      values.stream().sorted().forEach(value -> data.append(name).append(value));
    });
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  public static boolean verify(String authToken, String fullUrl, Map<String, List<String>> formParams, String given) {
    if (given == null || given.isBlank()) {
      return false;
    }
    byte[] expected = compute(authToken, fullUrl, formParams).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8));
  }
}
