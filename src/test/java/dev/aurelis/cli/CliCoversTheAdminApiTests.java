package dev.aurelis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every admin API operation in the authorization matrix has a CLI command, or is exempt for a stated reason. A new
 * row in the matrix fails this test until it gets a command (and a line in {@link #COMMANDS}) or an exemption.
 */
class CliCoversTheAdminApiTests {

    /** Which command calls each operation ({@code METHOD path} as the matrix writes it). */
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    /** Routes that are not admin operations a terminal would call, each with the reason. */
    private static final Map<String, String> EXEMPT_PREFIXES = Map.of(
            "/v1/", "the gateway: called by the assistants with a personal key, not administered",
            "/scim/v2/", "SCIM: called by the identity provider's provisioning, not by people",
            "/auth/", "browser sign-in: forms, sessions, second factors",
            "/login", "browser sign-in page and the OpenID Connect callback",
            "/oauth2/", "OpenID Connect redirect to the identity provider, served to browsers",
            "/device", "the browser page where people approve `aurelis login`",
            "/api/v1/openapi.json", "the API's own description, for code generators rather than an operation");

    static {
        map("GET /api/v1/permissions", "permissions");
        map("GET /api/v1/sdks", "sdks list");
        map("GET /api/v1/sdks/{language}", "sdks download");
        map("GET /api/v1/ide/setup", "ide setup");
        map("GET /api/v1/roles", "roles list");
        map("POST /api/v1/roles", "roles create");
        map("GET /api/v1/roles/{name}", "roles show");
        map("PUT /api/v1/roles/{name}", "roles update");
        map("DELETE /api/v1/roles/{name}", "roles delete");
        map("GET /api/v1/role-bindings", "role-bindings list");
        map("POST /api/v1/role-bindings", "role-bindings create");
        map("DELETE /api/v1/role-bindings/{id}", "role-bindings delete");
        map("GET /api/v1/keys", "keys list");
        map("POST /api/v1/keys", "keys create");
        map("GET /api/v1/keys/{id}", "keys show");
        map("DELETE /api/v1/keys/{id}", "keys revoke");
        map("POST /api/v1/keys/{id}/rotate", "keys rotate");
        map("GET /api/v1/users", "users list");
        map("GET /api/v1/users/{id}", "users show");
        map("DELETE /api/v1/users/{id}", "users delete");
        map("GET /api/v1/users/{id}/identities", "users identities list");
        map("POST /api/v1/users/{id}/identities", "users identities add");
        map("DELETE /api/v1/users/{id}/identities/{identityId}", "users identities remove");
        map("GET /api/v1/teams", "teams list");
        map("PUT /api/v1/teams/{team}/models", "teams models");
        map("GET /api/v1/usage", "usage");
        map("GET /api/v1/usage/rejected", "usage");
        map("PUT /api/v1/local-accounts", "local-accounts set");
        map("POST /api/v1/device/authorize", "login");
        map("POST /api/v1/device/token", "login");
        map("GET /api/v1/analytics/usage", "analytics usage");
        map("GET /api/v1/analytics/performance", "analytics performance");
        map("GET /api/v1/analytics/adoption", "analytics adoption");
        map("GET /api/v1/analytics/teams", "analytics teams");
        map("GET /api/v1/analytics/trends", "analytics trends");
        map("GET /api/v1/analytics/forecast", "analytics forecast");
        map("GET /api/v1/analytics/executive-report", "analytics executive");
        map("GET /api/v1/analytics/roi-assumptions", "analytics roi-assumptions");
        map("PUT /api/v1/analytics/roi-assumptions", "analytics roi-assumptions set");
        map("GET /api/v1/analytics/code-quality", "analytics code-quality");
        map("GET /api/v1/analytics/custom-metrics", "analytics custom-metrics");
        map("POST /api/v1/analytics/embeds", "analytics embed");
        map("POST /api/v1/feedback", "feedback");
        map("GET /api/v1/surveys/current", "survey show");
        map("POST /api/v1/surveys/responses", "survey answer");
        map("GET /api/v1/reports/cost", "report cost");
        map("POST /api/v1/reports/reconcile", "report reconcile");
        map("GET /api/v1/providers/health", "providers health");
        map("GET /api/v1/system/sbom", "system sbom");
        map("GET /api/v1/configuration/status", "config status");
        map("GET /api/v1/monitoring/grafana-dashboard", "monitoring grafana-dashboard");
        map("GET /api/v1/alerts", "alerts list");
        map("POST /api/v1/alerts", "alerts raise");
        map("POST /api/v1/alerts/{id}/acknowledge", "alerts ack");
        map("POST /api/v1/alerts/{id}/resolve", "alerts resolve");
        map("GET /api/v1/alerts/silences", "alerts silences list");
        map("POST /api/v1/alerts/silences", "alerts silence");
        map("DELETE /api/v1/alerts/silences/{id}", "alerts unsilence");
        map("GET /api/v1/alerts/rules", "alerts rules");
        map("POST /api/v1/workflows/reviews", "review");
        map("GET /api/v1/workflows/runs", "workflows runs");
        map("GET /api/v1/workflows/runs/{id}", "workflows runs");
        map("GET /api/v1/workflows/reviews/{id}", "workflows status");
        map("POST /api/v1/workflows/runs/{id}/approvals", "workflows approve");
        map("GET /api/v1/audit", "audit list");
        map("GET /api/v1/audit/export", "audit export");
        map("GET /api/v1/audit/verify", "audit verify");
        map("POST /api/v1/privacy/erasures", "privacy erase");
        map("GET /api/v1/privacy/keys", "keys-at-rest status");
        map("POST /api/v1/privacy/keys/rotate", "keys-at-rest rotate");
        map("POST /api/v1/backups", "backup create");
        map("GET /api/v1/backups", "backup list");
        map("POST /api/v1/backups/{id}/verify", "backup verify");
        map("GET /api/v1/compliance/report", "compliance report");
        map("GET /api/v1/lineage/{request_id}", "lineage");
        map("GET /api/v1/lineage", "lineage");
        map("POST /api/v1/webhooks", "webhooks create");
        map("GET /api/v1/webhooks", "webhooks list");
        map("GET /api/v1/webhooks/event-types", "webhooks event-types");
        map("GET /api/v1/webhooks/{id}", "webhooks show");
        map("PATCH /api/v1/webhooks/{id}", "webhooks update");
        map("DELETE /api/v1/webhooks/{id}", "webhooks delete");
        map("POST /api/v1/webhooks/{id}/rotate-secret", "webhooks rotate-secret");
        map("GET /api/v1/webhooks/{id}/deliveries", "webhooks deliveries");
        map("GET /api/v1/webhooks/deliveries/{id}", "webhooks delivery");
        map("POST /api/v1/webhooks/deliveries/{id}/replay", "webhooks replay");

        map("GET /api/v1/analytics/baseline", "analytics baseline");
        map("GET /api/v1/workflows/definitions", "workflows definitions");
        map("GET /api/v1/workflows/definitions/{name}", "workflows definitions");
        map("POST /api/v1/workflows/definitions", "workflows definitions create");
        map("PUT /api/v1/workflows/definitions/{name}", "workflows definitions update");
        map("DELETE /api/v1/workflows/definitions/{name}", "workflows definitions delete");
        map("GET /api/v1/me/consents", "consents show");
        map("PUT /api/v1/me/consents", "consents give");
        map("GET /api/v1/privacy/consents", "privacy consents");
        map("POST /api/v1/onboarding", "onboard");
        map("GET /api/v1/onboarding", "onboard");
        map("GET /api/v1/onboarding/training/{name}", "onboard");
        map("GET /api/v1/workspaces/{name}/sessions", "sessions list");
        map("POST /api/v1/workspaces/{name}/sessions", "sessions create");
        map("GET /api/v1/workspaces/{name}/sessions/{id}", "sessions show");
        map("POST /api/v1/workspaces/{name}/sessions/{id}/join", "sessions join");
        map("POST /api/v1/workspaces/{name}/sessions/{id}/leave", "sessions leave");
        map("POST /api/v1/workspaces/{name}/sessions/{id}/end", "sessions end");
        map("GET /api/v1/workspaces/{name}/sessions/{id}/presence", "sessions presence");
        map("POST /api/v1/workspaces/{name}/sessions/{id}/changes", "sessions push");
        map("POST /api/v1/workspaces/{name}/sessions/{id}/assistant", "sessions ask");
        map("GET /api/v1/workspaces/{name}/sessions/{id}/files", "sessions files");
        map("GET /api/v1/workspaces/{name}/sessions/{id}/events", "sessions events");
        // the live socket streams the same log that `follow` polls
        map("GET /api/v1/workspaces/{name}/sessions/{id}/socket", "sessions follow");
        map("GET /api/v1/budgets", "budgets list");
        map("POST /api/v1/budgets", "budgets set");
        map("GET /api/v1/budgets/events", "budgets events");
        map("GET /api/v1/budgets/{id}", "budgets show");
        map("DELETE /api/v1/budgets/{id}", "budgets delete");
        map("GET /api/v1/models/organization", "models organization list");
        map("POST /api/v1/models/organization", "models organization register");
        map("GET /api/v1/models/organization/{name}", "models organization show");
        map("PUT /api/v1/models/organization/{name}", "models organization update");
        map("DELETE /api/v1/models/organization/{name}", "models organization remove");
        map("GET /api/v1/models/variants", "models variants list");
        map("POST /api/v1/models/variants", "models variants create");
        map("GET /api/v1/models/variants/{name}", "models variants show");
        map("PUT /api/v1/models/variants/{name}", "models variants update");
        map("DELETE /api/v1/models/variants/{name}", "models variants remove");
        map("GET /api/v1/workspaces", "workspaces list");
        map("POST /api/v1/workspaces", "workspaces create");
        map("GET /api/v1/workspaces/{name}", "workspaces show");
        map("PATCH /api/v1/workspaces/{name}", "workspaces update");
        map("POST /api/v1/workspaces/{name}/archive", "workspaces archive");
        map("PUT /api/v1/workspaces/{name}/members/{member}", "workspaces add-member");
        map("DELETE /api/v1/workspaces/{name}/members/{member}", "workspaces remove-member");
        map("GET /api/v1/workspaces/{name}/context", "workspaces context");
        map("POST /api/v1/workspaces/{name}/context", "workspaces share");
        map("GET /api/v1/workspaces/{name}/context/{kind}/versions", "workspaces context history");
    }

    private static void map(String operation, String command) {
        COMMANDS.put(operation, command);
    }

    @Test
    void everyAdminOperationInTheMatrixHasACommandOrAStatedExemption() throws IOException {
        List<String> uncovered = new ArrayList<>();
        for (String operation : matrixOperations()) {
            String path = operation.substring(operation.indexOf(' ') + 1);
            boolean exempt = EXEMPT_PREFIXES.keySet().stream().anyMatch(path::startsWith);
            if (!exempt && !COMMANDS.containsKey(operation)) {
                uncovered.add(operation);
            }
        }
        assertThat(uncovered).as("admin API operations without a CLI command: add one, map it in COMMANDS").isEmpty();
    }

    @Test
    void everyMappedCommandExistsAndEveryMappedOperationIsInTheMatrix() throws IOException {
        CommandLine root = AurelisCommand.commandLine(new AurelisCommand(Map.of(), Clock.systemUTC(), null));
        List<String> missing = COMMANDS.values().stream().distinct().filter(c -> !exists(root, c)).toList();
        assertThat(missing).as("commands named in COMMANDS that the command line does not have").isEmpty();

        Set<String> matrix = matrixOperations();
        List<String> stale = new ArrayList<>(COMMANDS.keySet());
        stale.removeAll(matrix);
        assertThat(stale).as("operations mapped here that the authorization matrix no longer lists").isEmpty();
    }

    @Test
    void exemptionsCoverNoAdminApiOperation() {
        // only sign-in, SCIM, gateway and descriptive routes may be exempt: nothing under /api/ but the OpenAPI file
        assertThat(EXEMPT_PREFIXES.keySet()).allSatisfy(prefix -> assertThat(
                !prefix.startsWith("/api/") || prefix.equals("/api/v1/openapi.json")).as(prefix).isTrue());
    }

    private static boolean exists(CommandLine root, String command) {
        CommandLine current = root;
        for (String name : command.split(" ")) {
            current = current.getSubcommands().get(name);
            if (current == null) {
                return false;
            }
        }
        return true;
    }

    /** {@code METHOD path} of every row of the matrix. */
    private static Set<String> matrixOperations() throws IOException {
        Set<String> operations = new LinkedHashSet<>();
        try (InputStream in = CliCoversTheAdminApiTests.class.getResourceAsStream("/access/authorization-matrix.csv")) {
            assertThat(in).as("authorization-matrix.csv on the class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("method,")) {
                    continue;
                }
                String[] cells = line.split(",", 3);
                operations.add(cells[0].strip() + " " + cells[1].strip());
            }
        }
        assertThat(operations).as("rows read from the matrix").hasSizeGreaterThan(100);
        return operations;
    }
}
