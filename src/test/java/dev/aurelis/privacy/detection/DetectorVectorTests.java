package dev.aurelis.privacy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every built-in rule finds each of its true positives and none of its look-alikes. */
class DetectorVectorTests {

    private static final Scanner SCANNER = Scanner.compile(new ScannerSettings(List.of("US", "DE", "GB"), null, null));

    @TestFactory
    Stream<DynamicTest> everyRuleFiresOnItsVectors() {
        return SCANNER.rules().stream().flatMap(rule -> rule.fires().stream().map(vector ->
                DynamicTest.dynamicTest(rule.name() + " fires on " + vector, () -> assertThat(namesIn(vector))
                        .as("rules found in %s", vector).contains(rule.name()))));
    }

    @TestFactory
    Stream<DynamicTest> noRuleFiresOnItsLookAlikes() {
        return SCANNER.rules().stream().flatMap(rule -> rule.passes().stream().map(vector ->
                DynamicTest.dynamicTest(rule.name() + " passes " + vector, () -> assertThat(namesIn(vector))
                        .as("rules found in %s", vector).doesNotContain(rule.name()))));
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInRuleHasVectorsBothWays() {
        return SCANNER.rules().stream().map(rule -> DynamicTest.dynamicTest(rule.name(), () -> {
            assertThat(rule.fires()).isNotEmpty();
            assertThat(rule.passes()).isNotEmpty();
            assertThat(rule.confidence()).isBetween(0.0, 1.0);
        }));
    }

    static List<String> namesIn(String text) {
        return SCANNER.scan(text).stream().map(d -> d.rule().name()).toList();
    }
}
