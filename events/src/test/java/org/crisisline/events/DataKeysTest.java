package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class DataKeysTest {
  private static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");
  /** The compacted topic as a reader sees it: requestId → wrapped key, removed by a tombstone. */
  private final Map<String, DataKeyWrapped> topic = new ConcurrentHashMap<>();
  private final String ring = PiiCipher.generateKeyring("k1");

  private DataKeys keys(String keyring) {
    // A reader that knows only the topic (no keys it made itself): what another instance sees.
    return new DataKeys(PiiCipher.fromKeyring(keyring), id -> Optional.ofNullable(topic.get(id)));
  }

  private DataKeys writer() {
    return keys(ring);
  }

  private void log(DataKeys writer, String requestId) {
    DataKeyWrapped wrapped = writer.create(requestId, NOW);
    topic.put(requestId, wrapped);
  }

  @Test
  void aFieldSealedUnderItsRequestsDataKeyOpensForAnyReaderWithTheKeyring() {
    DataKeys writer = writer();
    log(writer, "req-1");
    Sealed sealed = writer.seal("summary", "req-1", "feels unsafe tonight");

    assertThat(sealed.keyId()).isEqualTo(DataKeys.SCHEME);
    assertThat(sealed.data()).startsWith("v3.").doesNotContain("unsafe");
    assertThat(keys(ring).open("summary", "req-1", sealed)).isEqualTo("feels unsafe tonight");
    // The wrapped key itself is no key in clear: the raw key never travels
    assertThat(topic.get("req-1").wrapped().keyId()).isEqualTo("k1");
    assertThat(topic.get("req-1").wrapped().data()).startsWith("dk1.");
  }

  @Test
  void aValueOrAWrappedKeyMovedToAnotherRequestOrFieldDoesNotOpen() {
    DataKeys writer = writer();
    log(writer, "req-1");
    log(writer, "req-2");
    Sealed sealed = writer.seal("summary", "req-1", "note");
    DataKeys reader = keys(ring);

    assertThatThrownBy(() -> reader.open("summary", "req-2", sealed)).isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(DataErasedException.class).hasMessageNotContaining("note");
    assertThatThrownBy(() -> reader.open("callerContact", "req-1", sealed)).isInstanceOf(IllegalStateException.class);
    // req-2's wrapped key presented as req-1's: the wrapping binds the requestId
    topic.put("req-1", new DataKeyWrapped("e", NOW, "req-1", topic.get("req-2").wrapped()));
    assertThatThrownBy(() -> reader.open("summary", "req-1", sealed)).isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(DataErasedException.class);
  }

  @Test
  void aTombstonedDataKeyMakesEveryFieldOfThatRequestUnreadableAndSaysErased() {
    DataKeys writer = writer();
    log(writer, "req-1");
    log(writer, "req-2");
    Sealed contact = writer.seal("callerContact", "req-1", "{\"phone\":\"+15035550100\"}");
    Sealed note = writer.seal("completionNote", "req-1", "spoke an hour");
    Sealed other = writer.seal("summary", "req-2", "another caller");

    topic.remove("req-1"); // the tombstone, as every reader's store applies it
    writer.erasedNow("req-1");
    DataKeys reader = keys(ring);

    for (DataKeys k : new DataKeys[] {writer, reader}) {
      assertThatThrownBy(() -> k.open("callerContact", "req-1", contact)).isInstanceOf(DataErasedException.class)
          .hasMessageNotContaining("+1503");
      assertThatThrownBy(() -> k.open("completionNote", "req-1", note)).isInstanceOf(DataErasedException.class);
      assertThat(k.open("summary", "req-2", other)).isEqualTo("another caller");
    }
    // Nothing new is sealed for an erased request by the instance that erased it
    assertThatThrownBy(() -> writer.seal("cancelNote", "req-1", "x")).isInstanceOf(DataErasedException.class);
    HelpRequestLogged logged = new HelpRequestLogged("e", NOW, "req-1", Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", null, null, null, null, contact, true, "staff");
    assertThat(reader.erased(logged)).isTrue();
  }

  @Test
  void keysWrappedBeforeARotationStillOpenAndNewOnesUseTheNewKey() {
    DataKeys before = writer();
    log(before, "req-old");
    Sealed old = before.seal("summary", "req-old", "before rotation");

    String rotated = PiiCipher.generateKeyring("k2") + "," + ring;
    DataKeys after = keys(rotated);
    log(after, "req-new");

    assertThat(after.open("summary", "req-old", old)).isEqualTo("before rotation");
    assertThat(topic.get("req-new").wrapped().keyId()).isEqualTo("k2");
    assertThat(keys(rotated).open("summary", "req-new", after.seal("summary", "req-new", "after")))
        .isEqualTo("after");
    // A key retired from the ring is a key problem, not an erasure
    DataKeys retired = keys(PiiCipher.generateKeyring("k2"));
    assertThatThrownBy(() -> retired.open("summary", "req-old", old)).isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(DataErasedException.class);
  }

  @Test
  void valuesSealedBeforeDataKeysStillOpenWithTheKeyringAndRequestsWithoutOneAreNotErased() {
    PiiCipher keyring = PiiCipher.fromKeyring(ring);
    Sealed v2 = keyring.seal("summary", "req-legacy", "old note");
    DataKeys reader = keys(ring);

    assertThat(reader.open("summary", "req-legacy", v2)).isEqualTo("old note");
    assertThat(reader.seal("cancelNote", "req-legacy", "later").keyId()).isEqualTo("k1");
    HelpRequestLogged legacy = new HelpRequestLogged("e", NOW, "req-legacy", Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", null, null, null, v2, null, false, "staff");
    assertThat(reader.erased(legacy)).isFalse();
  }

  @Test
  void anotherInstanceSealsNothingNewForARequestWhoseDataKeyIsGone() {
    DataKeys writer = writer();
    log(writer, "req-1");
    topic.remove("req-1"); // erased by another instance
    // This one knows req-1 was logged under a data key, so its absence means erased, not old
    DataKeys other = keys(ring).loggedBeforeDataKeysWhen(id -> !id.equals("req-1"));

    assertThatThrownBy(() -> other.seal("declineNote", "req-1", "she is my neighbour"))
        .isInstanceOf(DataErasedException.class);
    assertThat(other.seal("declineNote", "req-legacy", "old request").keyId()).isEqualTo("k1");
  }

  @Test
  void theDataKeySchemeIsNoKeyringId() {
    assertThatThrownBy(() -> PiiCipher.fromKeyring(PiiCipher.generateKeyring(DataKeys.SCHEME)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
