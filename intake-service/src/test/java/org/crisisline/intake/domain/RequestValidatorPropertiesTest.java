package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the validator either returns a request or throws InvalidInput — nothing else. */
class RequestValidatorPropertiesTest {
  private final RequestValidator validator = new RequestValidator(Set.of("north")::contains);

  @Property(tries = 2000)
  void onlyInvalidInputEverEscapes(@ForAll("bodies") byte[] body) {
    try {
      NewRequest r = validator.validate(body);
      assertThat(r.region()).isEqualTo("north");
    } catch (InvalidInput e) {
      assertThat(e.errors()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    String valid = RequestValidatorTest.VALID;
    Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> cut = Arbitraries.integers().between(0, valid.length())
        .map(n -> valid.substring(0, n).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> spliced = Arbitraries.strings().ofMaxLength(30).flatMap(junk ->
        Arbitraries.integers().between(0, valid.length()).map(at ->
            (valid.substring(0, at) + junk + valid.substring(at)).getBytes(StandardCharsets.UTF_8)));
    return Arbitraries.oneOf(garbage, cut, spliced);
  }
}
