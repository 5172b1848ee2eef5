package org.crisisline.intake;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.crisisline.events.KafkaClientSecurity;

/** {@link IntakeConfig}'s fields, listed once here rather than in every with-method: a copy, changed, then built. */
final class IntakeConfigCopy {
  String bootstrapServers;
  int httpPort;
  int httpEventLoops;
  String piiKeyring;
  String linkSecret;
  String jwtSecret;
  String jwtIssuer;
  Duration jwtTtl;
  String jwksUrl;
  String jwtAudience;
  String demoPassword;
  String devOutboxUrl;
  Set<String> knownRegions;
  int ratePerMinute;
  String clientId;
  Duration startTimeout;
  KafkaClientSecurity kafkaSecurity;
  boolean loginTokensWithOidc;
  String publicUrl;
  Duration sessionMax;
  Duration detailsGrace;
  List<String> trustedProxies;
  Duration recentWindow;
  Duration idempotencyTtl;
  java.nio.file.Path dataDir;

  IntakeConfigCopy(IntakeConfig from) {
    bootstrapServers = from.bootstrapServers();
    httpPort = from.httpPort();
    httpEventLoops = from.httpEventLoops();
    piiKeyring = from.piiKeyring();
    linkSecret = from.linkSecret();
    jwtSecret = from.jwtSecret();
    jwtIssuer = from.jwtIssuer();
    jwtTtl = from.jwtTtl();
    jwksUrl = from.jwksUrl();
    jwtAudience = from.jwtAudience();
    demoPassword = from.demoPassword();
    devOutboxUrl = from.devOutboxUrl();
    knownRegions = from.knownRegions();
    ratePerMinute = from.ratePerMinute();
    clientId = from.clientId();
    startTimeout = from.startTimeout();
    kafkaSecurity = from.kafkaSecurity();
    loginTokensWithOidc = from.loginTokensWithOidc();
    publicUrl = from.publicUrl();
    sessionMax = from.sessionMax();
    detailsGrace = from.detailsGrace();
    trustedProxies = from.trustedProxies();
    recentWindow = from.recentWindow();
    idempotencyTtl = from.idempotencyTtl();
    dataDir = from.dataDir();
  }

  IntakeConfig build() {
    return new IntakeConfig(bootstrapServers, httpPort, httpEventLoops, piiKeyring, linkSecret, jwtSecret, jwtIssuer,
        jwtTtl, jwksUrl, jwtAudience, demoPassword, devOutboxUrl, knownRegions, ratePerMinute, clientId,
        startTimeout, kafkaSecurity, loginTokensWithOidc, publicUrl, sessionMax, detailsGrace, trustedProxies,
        recentWindow, idempotencyTtl, dataDir);
  }
}
