package org.crisisline.intake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.ReferralKind;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;
import org.junit.jupiter.api.Test;

class DirectoryQueryTest {
  @Test
  void readsEveryParameter() {
    DirectoryQuery q = DirectoryQuery.parse(Map.of("q", List.of("  peer circle "), "kind",
        List.of("SUPPORT_GROUP", "ONLINE_COMMUNITY"), "region", List.of("north"), "postalCode", List.of("97 201"),
        "language", List.of("es"), "age", List.of("YOUTH"), "openNow", List.of("true"), "hasCapacity", List.of("false"),
        "limit", List.of("5")));
    assertThat(q.q()).isEqualTo("peer circle");
    assertThat(q.kinds()).containsExactlyInAnyOrder(ReferralKind.SUPPORT_GROUP, ReferralKind.ONLINE_COMMUNITY);
    assertThat(q.region()).isEqualTo("north");
    assertThat(q.postalCode()).isEqualTo("97 201");
    assertThat(q.language()).isEqualTo("es");
    assertThat(q.minAge()).isEqualTo(13);
    assertThat(q.maxAge()).isEqualTo(17);
    assertThat(q.openNow()).isTrue();
    assertThat(q.hasCapacity()).isFalse();
    assertThat(q.limit()).isEqualTo(5);
  }

  @Test
  void nothingAskedIsEverythingWithTheDefaultLimit() {
    DirectoryQuery q = DirectoryQuery.parse(Map.of());
    assertThat(q.kinds()).isEmpty();
    assertThat(q.hasAge()).isFalse();
    assertThat(q.hasArea()).isFalse();
    assertThat(q.limit()).isEqualTo(DirectoryQuery.DEFAULT_LIMIT);
  }

  @Test
  void anAgeInYearsIsBothBounds() {
    DirectoryQuery q = DirectoryQuery.parse(Map.of("age", List.of("34")));
    assertThat(q.minAge()).isEqualTo(34);
    assertThat(q.maxAge()).isEqualTo(34);
  }

  @Test
  void everyBadParameterIsNamed() {
    Map<String, List<String>> bad = new LinkedHashMap<>();
    bad.put("kind", List.of("SUPPORT_GROUP", "KARAOKE"));
    bad.put("region", List.of("North Side"));
    bad.put("postalCode", List.of("<script>"));
    bad.put("language", List.of("english"));
    bad.put("age", List.of("200"));
    bad.put("openNow", List.of("yes"));
    bad.put("hasCapacity", List.of("1"));
    bad.put("limit", List.of("0"));
    bad.put("q", List.of("x".repeat(101)));
    bad.put("sort", List.of("name"));
    assertThatThrownBy(() -> DirectoryQuery.parse(bad)).isInstanceOfSatisfying(InvalidInput.class, e ->
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("sort", "q", "kind", "region",
            "postalCode", "language", "age", "openNow", "hasCapacity", "limit"));
  }

  @Test
  void aSingleValuedParameterGivenTwiceIsRefused() {
    assertThatThrownBy(() -> DirectoryQuery.parse(Map.of("region", List.of("north", "south"))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactly("region"));
    assertThatThrownBy(() -> DirectoryQuery.parse(Map.of("limit", List.of("101"))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactly("limit"));
    assertThatThrownBy(() -> DirectoryQuery.parse(Map.of("age", List.of("TODDLER"))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactly("age"));
  }
}
