package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The notifier's HTTP server is public (provider callbacks): it does not let idle clients hold sockets. */
@ExtendWith(RealKafka.class)
class NotifierHttpHygieneTest {
  private NotifierFixture fx;

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
    fx.start(fx.config(Map.of("CRISISLINE_NOTIFIER_IDLE_TIMEOUT_SECONDS", "1")));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void idleConnectionsAreClosedSoSilentClientsCannotExhaustTheServer() throws Exception {
    // Given a client that opens connections and sends half a request line, then nothing
    try (Socket silent = new Socket("127.0.0.1", fx.app.port());
        Socket partial = new Socket("127.0.0.1", fx.app.port())) {
      partial.getOutputStream().write("POST /api/v1/sms/inbound HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      partial.getOutputStream().flush();
      // Then the server closes both once the idle timeout has passed (well before the 10 s guard)
      long began = System.nanoTime();
      assertThat(closedByServer(silent)).isTrue();
      assertThat(closedByServer(partial)).isTrue();
      assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(8_000);
    }
  }

  /** True when the peer closes (end of stream or reset) within 10 s; false when it stays open. */
  private static boolean closedByServer(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // a 408 or similar before the close is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }
}
