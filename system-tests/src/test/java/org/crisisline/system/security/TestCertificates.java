package org.crisisline.system.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for {@code localhost} (PKCS12 key store) and a trust store
 * holding it, made with the JDK's keytool, so the secured test broker can offer SASL_SSL.
 */
record TestCertificates(Path keystore, Path truststore) {

  static TestCertificates create(String password) {
    try {
      Path dir = Files.createTempDirectory("crisisline-tls");
      Path keystore = dir.resolve("broker.p12");
      Path cert = dir.resolve("broker.crt");
      Path truststore = dir.resolve("truststore.p12");
      keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
      keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
          "-file", cert.toString());
      keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
          "-keystore", truststore.toString(), "-storepass", password);
      return new TestCertificates(keystore, truststore);
    } catch (IOException e) {
      throw new IllegalStateException("cannot make test certificates", e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: "
            + new String(p.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
