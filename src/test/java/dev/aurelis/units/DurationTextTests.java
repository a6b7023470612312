package dev.aurelis.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar: every unit, ISO-8601, case and spacing; nothing else. */
class DurationTextTests {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S", "90s, PT1M30S", "15m, PT15M", "12h, PT12H", "30d, PT720H", "2w, PT336H",
            "' 45 S ', PT45S", "030D, PT720H", "PT1H, PT1H", "pt90m, PT1H30M", "P1D, PT24H"})
    void readsEveryUnitAndIso8601(String text, String expected) {
        assertThat(DurationText.parse(text)).contains(Duration.parse(expected));
        assertThat(DurationText.require(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "1y", "-5m", "1.5h", "5 minutes", "m5", "9999999999999m"})
    void refusesAnythingElseSayingHowToWriteOne(String text) {
        assertThat(DurationText.parse(text)).isEmpty();
        assertThatThrownBy(() -> DurationText.require(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration").hasMessageContaining("15m");
    }

    @ParameterizedTest
    @CsvSource({"030D, 30d", "' 12 H', 12h", "500MS, 500ms"})
    void writesTheShortFormCanonically(String text, String canonical) {
        assertThat(DurationText.isShortForm(text)).isTrue();
        assertThat(DurationText.canonical(text)).isEqualTo(canonical);
    }
}
