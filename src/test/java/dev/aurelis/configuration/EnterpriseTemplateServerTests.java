package dev.aurelis.configuration;

import dev.aurelis.AurelisApplication;
import dev.aurelis.cli.AurelisCommand;
import dev.aurelis.testing.GatewayHttp;
import dev.aurelis.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server started with the brief's template, unchanged, reports exactly the keys no code acts on yet. When a
 * capability starts acting on one of them, its {@link NotYetEnforced} marker goes and so does its line here.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
class EnterpriseTemplateServerTests {

    private static final String ADMIN_KEY = "aur-template-bootstrap-admin-key-0123456789";
    private static final Path TEMPLATE = Path.of("examples", "enterprise.aurelis.yaml").toAbsolutePath();

    /** The template's keys that Aurelis accepts but does not act on yet, in file order: none any more. */
    private static final List<String> NOT_YET_ENFORCED = List.of();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void aurelisProperties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", TEMPLATE::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        // the template asks for encryption in transit and names no certificate: as in a cluster, an ingress in
        // front terminates TLS (AURELIS_TLS_TERMINATION=ingress; ADR 0049)
        registry.add("aurelis.tls.termination", () -> "ingress");
    }

    @Test
    void reportsExactlyTheTemplatesKeysThatNoCodeActsOnYet() {
        JsonNode status = status();

        assertThat(status.get("file").asString()).isEqualTo("enterprise.aurelis.yaml");
        assertThat(status.get("environment").asString()).isEqualTo("production");
        assertThat(strings(status.get("not_yet_enforced"))).containsExactlyElementsOf(NOT_YET_ENFORCED);
        assertThat(strings(status.get("unknown_keys"))).isEmpty();
    }

    @Test
    void checksTheFileWithoutAServerAndReportsTheSameList() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = AurelisCommand.run(new String[] {"config", "check", TEMPLATE.toString(), "--output", "json"},
                new PrintWriter(out), new PrintWriter(err));

        assertThat(exit).as(err.toString()).isZero();
        JsonNode checked = GatewayHttp.JSON.readTree(out.toString());
        assertThat(strings(checked.get("not_yet_enforced"))).isEqualTo(strings(status().get("not_yet_enforced")));
    }

    private JsonNode status() {
        HttpResponse<String> response = GatewayHttp.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/configuration/status"))
                .header("authorization", "Bearer " + ADMIN_KEY).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayHttp.JSON.readTree(response.body());
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
