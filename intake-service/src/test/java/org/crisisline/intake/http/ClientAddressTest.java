package org.crisisline.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private final ClientAddress behindProxy = new ClientAddress(List.of("10.0.0.0/8", "127.0.0.1"));

  @Test
  void forwardedForIsBelievedOnlyFromATrustedProxy() {
    // From the proxy: the client it names
    assertThat(behindProxy.resolve("10.1.2.3", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    // From anyone else: the header is the caller's own claim, ignored
    assertThat(behindProxy.resolve("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
    // And without configured proxies, never believed
    assertThat(new ClientAddress(List.of()).resolve("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
  }

  @Test
  void theClientIsTheRightMostHopThatIsNotATrustedProxy() {
    // A client spoofing a left-most entry cannot choose its own bucket
    assertThat(behindProxy.resolve("127.0.0.1", List.of("1.2.3.4, 203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
    assertThat(behindProxy.resolve("127.0.0.1", List.of("1.2.3.4", "203.0.113.7"))).isEqualTo("203.0.113.7");
    // A garbled header falls back to the peer; no name is ever looked up in DNS
    assertThat(behindProxy.resolve("127.0.0.1", List.of("evil.example"))).isEqualTo("127.0.0.1");
    assertThat(new ClientAddress(List.of("fd00::/8")).resolve("fd00::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
  }

  @Test
  void aBadProxyEntryStopsTheStart() {
    assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
  }
}
