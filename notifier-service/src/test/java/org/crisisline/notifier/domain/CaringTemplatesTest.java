package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller's texts: their language, else English; an operator's directory wins, read at every message. */
class CaringTemplatesTest {
  private final CaringTemplates shipped = new CaringTemplates(null);

  @Test
  void theCaringMessageIsInTheCallersLanguageAndEndsWithHowToStop() {
    assertThat(shipped.caring("es")).startsWith("Hola").endsWith("Responde STOP para no recibir mas mensajes.");
    assertThat(shipped.caring("en")).startsWith("Hello").endsWith("Reply STOP to stop these messages.");
  }

  @Test
  void aRegionalTagFallsBackToItsLanguageAndAnUnknownOrMissingLanguageToEnglish() {
    assertThat(shipped.caring("es-MX")).isEqualTo(shipped.caring("es"));
    assertThat(shipped.caring("ES_us")).isEqualTo(shipped.caring("es"));
    assertThat(shipped.caring("vi")).isEqualTo(shipped.caring("en"));
    assertThat(shipped.caring(null)).isEqualTo(shipped.caring("en"));
    // A tag that could name a path is no tag at all
    assertThat(shipped.caring("../../etc/passwd")).isEqualTo(shipped.caring("en"));
    assertThat(CaringTemplates.candidates("es-MX")).containsExactly("es-mx", "es", "en");
  }

  @Test
  void everyShippedTextFitsOneSmsAndSaysNothingClinical() {
    for (String lang : new String[] {"en", "es"}) {
      for (String text : new String[] {shipped.caring(lang), shipped.stopConfirmation(lang)}) {
        int septets = Gsm7.septets(text);
        assertThat(septets).as(text).isBetween(1, Gsm7.SINGLE_SMS);
        assertThat(text.toLowerCase()).doesNotContain("suicid", "risk", "crisis plan", "medication", "riesgo");
      }
    }
  }

  @Test
  void anOperatorsDirectoryOverridesAndAddsLanguagesWithoutARestart(@TempDir Path dir) throws Exception {
    // Given an operator's directory with a Vietnamese text and nothing else
    CaringTemplates templates = new CaringTemplates(dir);
    Files.writeString(dir.resolve("caring-sms.vi.txt"), "Xin chao, chung toi luon o day.\nTra loi STOP de dung.\n",
        StandardCharsets.UTF_8);
    // Then a Vietnamese caller gets it, as one message, and everyone else the shipped texts
    assertThat(templates.caring("vi")).isEqualTo("Xin chao, chung toi luon o day. Tra loi STOP de dung.");
    assertThat(templates.caring("es")).isEqualTo(shipped.caring("es"));
    // When the operator rewrites the English text, the next message uses it
    Files.writeString(dir.resolve("caring-sms.en.txt"), "Thinking of you. Reply STOP to stop.", StandardCharsets.UTF_8);
    assertThat(templates.caring("en")).isEqualTo("Thinking of you. Reply STOP to stop.");
    assertThat(templates.caring("fr")).isEqualTo("Thinking of you. Reply STOP to stop.");
    // And an emptied file counts as none
    Files.writeString(dir.resolve("caring-sms.en.txt"), "  \n", StandardCharsets.UTF_8);
    assertThat(templates.caring("en")).isEqualTo(shipped.caring("en"));
  }

  @Test
  void aTextThatOnlyFitsOneSmsWithoutItsAccentsLosesThemAndAShortOneKeepsThem() {
    String accented = "Hola, te escribimos de la línea de crisis. Estamos aquí cuando quieras hablar, de día o de noche. "
        + "Responde STOP para no recibir más mensajes.";
    assertThat(Gsm7.fitOneSms(accented)).contains("linea", "aqui", "mas").doesNotContain("í");
    assertThat(Gsm7.fitOneSms("Estamos aquí. Responde STOP.")).isEqualTo("Estamos aquí. Responde STOP.");
    // An emoji cannot be spelled in GSM-7: the text goes as written, in parts, rather than with a '?'
    String emoji = "x".repeat(100) + " \uD83D\uDC99";
    assertThat(Gsm7.fitOneSms(emoji)).isEqualTo(emoji);
  }
}
