package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.operations.GrafanaDashboard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The monitoring switches refuse to start without what they need, and say which keys to set. */
class MonitoringSettingsTests {

    private static ActiveConfiguration configuration(String monitoring) throws IOException {
        Path file = Files.createTempFile("aurelis-monitoring-settings", ".yaml");
        Files.writeString(file, """
                organization: { name: "Watched", id: "watched", tenant_id: "tenant-watched" }
                integrations:
                  monitoring: %s
                """.formatted(monitoring));
        return new ActiveConfiguration(file.toString());
    }

    @Test
    void grafanaAloneServesTheDashboardAndPublishesNothing() throws IOException {
        GrafanaDashboard dashboard = new GrafanaDashboard();

        new MonitoringApplier(configuration("{ grafana: true }"), dashboard).afterSingletonsInstantiated();

        assertThat(dashboard.served()).hasValueSatisfying(d -> assertThat(d.path("uid").asString()).isEqualTo("aurelis-overview"));
        assertThat(dashboard.lastOutcome()).as("nothing was published").isNull();
    }

    @Test
    void aGrafanaWithoutItsTokenStopsTheStart() throws IOException {
        ActiveConfiguration active = configuration("{ grafana: true, grafana_url: \"https://grafana.example.com\" }");

        assertThatThrownBy(() -> new MonitoringApplier(active, new GrafanaDashboard()).afterSingletonsInstantiated())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("integrations.monitoring.grafana_token");
    }

    @Test
    void theNewRelicKeyComesFromTheFileOrNewRelicsOwnVariable() throws IOException {
        Integrations.Monitoring withoutKey = configuration("{ newrelic: true }").config().integrations().monitoring();
        Integrations.Monitoring withKey = configuration("{ newrelic: true, newrelic_license_key: \"nr-file\" }").config()
                .integrations().monitoring();

        assertThat(MonitoringExports.licenseKey(withoutKey, java.util.Map.of())).isEmpty();
        assertThat(MonitoringExports.licenseKey(withoutKey, java.util.Map.of("NEW_RELIC_LICENSE_KEY", "nr-env")))
                .contains("nr-env");
        assertThat(MonitoringExports.licenseKey(withKey, java.util.Map.of("NEW_RELIC_LICENSE_KEY", "nr-env")))
                .contains("nr-file");
    }

    @Test
    void endpointsAndIntervalHaveTheVendorsDefaults() throws IOException {
        Integrations.Monitoring monitoring = configuration("{ datadog: true }").config().integrations().monitoring();

        assertThat(monitoring.datadogEndpoint()).hasToString("http://localhost:4318/v1/metrics");
        assertThat(monitoring.newrelicEndpoint()).hasToString("https://otlp.nr-data.net/v1/metrics");
        assertThat(monitoring.pushInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void tracingIsOffUnlessTheFileOrTheEnvironmentAsksForIt() throws IOException {
        Integrations.Tracing unset = configuration("{ datadog: true }").config().integrations().monitoring().tracing();
        Integrations.Tracing off = configuration("{ tracing: { enabled: false } }").config().integrations().monitoring()
                .tracing();
        Integrations.Tracing on = configuration("{ tracing: { enabled: true } }").config().integrations().monitoring()
                .tracing();

        assertThat(unset.on(null)).isFalse();
        assertThat(unset.on("http://collector:4318/v1/traces")).as("OTEL_EXPORTER_OTLP_ENDPOINT alone turns it on").isTrue();
        assertThat(off.on("http://collector:4318/v1/traces")).as("the file's word is final").isFalse();
        assertThat(on.on(null)).isTrue();
    }

    @Test
    void tracesGoToTheFilesEndpointElseTheEnvironmentsElseALocalCollector() throws IOException {
        Integrations.Tracing named = configuration("{ tracing: { enabled: true, endpoint: \"https://otlp.nr-data.net/v1/traces\","
                + " headers: { api-key: \"nr-key\" } } }").config().integrations().monitoring().tracing();
        Integrations.Tracing unnamed = configuration("{ tracing: { enabled: true } }").config().integrations().monitoring()
                .tracing();

        assertThat(named.endpointOr("http://collector:4318/v1/traces")).hasToString("https://otlp.nr-data.net/v1/traces");
        assertThat(named.headers()).containsEntry("api-key", "nr-key");
        assertThat(unnamed.endpointOr("http://collector:4318/v1/traces")).hasToString("http://collector:4318/v1/traces");
        assertThat(unnamed.endpointOr(null)).hasToString("http://localhost:4318/v1/traces");
        assertThat(unnamed.samplingRatio()).as("left to Spring Boot (OTEL_TRACES_SAMPLER_ARG, else 0.1)").isNull();
    }

    @Test
    void aSamplingRatioOutsideZeroToOneIsRefusedWithItsKey() {
        assertThatThrownBy(() -> configuration("{ tracing: { enabled: true, sampling_ratio: 1.5 } }"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("integrations.monitoring.tracing.sampling_ratio")
                .hasMessageContaining("between 0 and 1");
    }
}
