package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void noSecurityVariablesMeanPlaintextAndNoExtraClientProperties() {
    // Given an environment without any KAFKA_SECURITY_* variable
    KafkaClientSecurity security = KafkaClientSecurity.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"));
    // Then nothing is added to client configs
    assertThat(security.protocol()).isEqualTo("PLAINTEXT");
    assertThat(security.clientProperties()).isEmpty();
  }

  @Test
  void saslVariablesBecomeScramSha512JaasConfigWithTheCredentials() {
    // Given SASL_SSL with a user, password and trust store
    KafkaClientSecurity security = KafkaClientSecurity.fromEnv(Map.of(
        "KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
        "KAFKA_SASL_USERNAME", "routing",
        "KAFKA_SASL_PASSWORD", "pa\"ss",
        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
        "KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit"));
    // When the client properties are built
    Properties props = security.toProperties();
    // Then they name the protocol, SCRAM-SHA-512 by default, an escaped JAAS line and the trust store
    assertThat(props).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("ssl.truststore.password", "changeit");
    assertThat(props.getProperty("sasl.jaas.config")).isEqualTo(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"routing\" password=\"pa\\\"ss\";");
  }

  @Test
  void plainMechanismUsesThePlainLoginModule() {
    // Given the bootstrap admin on PLAIN
    KafkaClientSecurity security = new KafkaClientSecurity("SASL_PLAINTEXT", "PLAIN", "admin", "s", null, null, null);
    // Then the PLAIN login module is configured
    assertThat((String) security.clientProperties().get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }

  @Test
  void saslWithoutCredentialsIsRejectedAtStartup() {
    // Given SASL without a password, Then the configuration is refused
    assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(
        "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME", "intake")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KAFKA_SASL_PASSWORD");
  }

  @Test
  void anUnknownProtocolIsRejected() {
    assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "KERBEROS")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePasswordNeverAppearsInToString() {
    // Given credentials
    KafkaClientSecurity security = KafkaClientSecurity.scram("notifier", "very-secret");
    // Then toString names the user but not the password
    assertThat(security.toString()).contains("notifier").doesNotContain("very-secret");
  }
}
