package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.privacy.DataClass;
import dev.aurelis.privacy.ExchangeScreen;
import dev.aurelis.privacy.ExchangeScreened;
import dev.aurelis.privacy.PrivacyDecision;
import dev.aurelis.privacy.PrivacyGuard;
import dev.aurelis.privacy.PrivacyOutcome;
import dev.aurelis.privacy.PrivacySubject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The briefs' privacy settings load and act: the template's {@code security.pii_detection} and
 * {@code data_classification} redact for cloud providers and classify, the Cortex brief's
 * {@code privacy.local_processing} keeps what is found on premise with its model; bad privacy settings stop the load
 * with their YAML path.
 */
class PrivacyPoliciesTests {

    private static final String SECRET_TEXT = "deploy with AKIAGPRQSE4T5ZZHQOUW for jane.doe@acme-corp.io";

    private final List<Object> events = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PrivacyGuard guard = new PrivacyGuard(events::add, meters);

    @Test
    void theTemplatesPiiDetectionRedactsForCloudProvidersAndItsClassificationClassifies() {
        AurelisConfig config = ConfigurationLoader.load(Path.of("examples", "enterprise.aurelis.yaml"), Map.of()).config();
        guard.configure(PrivacyPolicies.of(config));

        PrivacyDecision decision = screen(SECRET_TEXT, "gpt-4o");

        assertThat(decision.outcome()).isEqualTo(PrivacyOutcome.REDACTED);
        assertThat(decision.changesOffPremise()).isTrue();
        assertThat(decision.changesOnPremise()).isFalse();
        assertThat(decision.dataClass()).isEqualTo(DataClass.RESTRICTED);
        assertThat(decision.detectors()).containsExactlyInAnyOrderEntriesOf(Map.of("aws_access_key", 1, "email", 1));
        assertThat(events).singleElement().isInstanceOfSatisfying(ExchangeScreened.class, e -> {
            assertThat(e.outcome()).isEqualTo("redacted");
            assertThat(e.toString()).doesNotContain("AKIAGPRQSE4T5ZZHQOUW").doesNotContain("jane.doe");
        });
        assertThat(meters.get("aurelis.privacy.findings").tag("detector", "aws_access_key").counter().count()).isEqualTo(1);
    }

    @Test
    void withoutPiiDetectionNothingIsScreened() {
        guard.configure(PrivacyPolicies.of(AurelisConfig.defaults()));

        assertThat(guard.active()).isFalse();
    }

    @Test
    void theCortexLocalProcessingSnippetKeepsFindingsOnPremiseWithItsModel() {
        AurelisConfig config = ConfigurationLoader.load(Path.of("examples", "brief", "cortex-local-processing.json"),
                Map.of()).config();
        guard.configure(PrivacyPolicies.of(config));

        PrivacyDecision decision = screen(SECRET_TEXT, "gpt-4o");
        PrivacyDecision clean = screen("sort this list", "gpt-4o");

        assertThat(decision.outcome()).isEqualTo(PrivacyOutcome.ROUTED_ON_PREMISE);
        assertThat(decision.localModel()).isEqualTo("mlx-community/Llama-3.1-8B-Instruct");
        assertThat(clean.outcome()).isEqualTo(PrivacyOutcome.PASSED);
    }

    @Test
    void badPrivacySettingsStopTheLoadWithTheirPath() throws Exception {
        Path file = Files.createTempFile("privacy", ".yaml");
        Files.writeString(file, """
                providers:
                  - { name: cloud, type: openai, api_key: x, models: ["llama-cloud"] }
                privacy:
                  local_processing: { enabled: true, models: ["llama-cloud"], data_residency: eu }
                  policies:
                    - { scope: team, name: payments, actions: { aws_access_key: shred } }
                """);

        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(file, Map.of()));

        assertThat(invalid.problems()).extracting(ConfigurationProblem::path).containsExactlyInAnyOrder("privacy",
                "privacy.local_processing.data_residency", "privacy.local_processing.models[0]");
        assertThat(invalid.getMessage()).contains("'shred' is not a privacy action")
                .contains("the only residency is on_premise").contains("served only by providers not marked on_premise");
    }

    @Test
    void anUnknownDetectorInAPolicyIsNamed() throws Exception {
        Path file = Files.createTempFile("privacy", ".yaml");
        Files.writeString(file, """
                privacy:
                  policies:
                    - { scope: organization, actions: { aws_key: block } }
                """);

        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(file, Map.of()));

        assertThat(invalid.getMessage()).contains("'aws_key' is neither a detector");
    }

    private PrivacyDecision screen(String text, String model) {
        ExchangeScreen screen = guard.open(new PrivacySubject("t", "r", null, "engineering", null, model, null));
        screen.inspect(() -> "messages[0].content", text, false);
        return screen.decide();
    }
}
