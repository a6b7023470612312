package dev.aurelis.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import dev.aurelis.workspaces.WorkspaceChanged;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code workspaces:} of the configuration file acts: the declared workspace exists with the file's members, roles,
 * permissions, settings and instructions; applying the same file again changes no row and publishes no event; a value
 * changed through the API returns to the file's, while a member added through the API stays.
 */
class WorkspaceConfigurationTests extends AccessTestBase {

    @Autowired
    ConfigurationApplier applier;

    @Autowired
    ActiveConfiguration active;

    @Autowired
    JdbcClient jdbc;

    /** Every workspace row's identity and version (PostgreSQL's xmin changes whenever a row is written). */
    private List<String> workspaceRows() {
        return TenantContext.call(TENANT, () -> jdbc.sql("""
                select 'workspace:' || name || ':' || xmin::text from workspaces_workspace
                union all select 'member:' || member || ':' || xmin::text from workspaces_member
                union all select 'context:' || kind || ':' || version || ':' || xmin::text from workspaces_context_version
                order by 1""").query(String.class).list());
    }

    @Test
    void theDeclaredWorkspaceHasTheFilesMembersPermissionsSettingsAndInstructions() {
        JsonNode workspace = json(admin("GET", "/api/v1/workspaces/declared-eng", null).body());

        assertThat(workspace.path("via").asString()).isEqualTo("configuration");
        assertThat(workspace.path("description").asString()).isEqualTo("Declared by the file");
        assertThat(workspace.path("permissions").path("chat").asString()).isEqualTo("read_write");
        assertThat(workspace.path("permissions").path("github").asString()).isEqualTo("read");
        assertThat(workspace.path("permissions").path("a2a").asString()).isEqualTo("read_write");
        assertThat(workspace.path("settings").path("default_model").asString()).isEqualTo("gpt-4o");
        assertThat(workspace.path("settings").path("project").asString()).isEqualTo("ws-dashboard");
        assertThat(workspace.path("settings").path("code_review_required").asBoolean()).isTrue();
        assertThat(workspace.path("settings").path("context_tokens").asInt()).isEqualTo(500);
        assertThat(workspace.path("members").valueStream()
                .filter(m -> m.path("via").asString().equals("configuration"))
                .map(m -> m.path("member").asString() + "=" + m.path("role").asString()).toList())
                .containsExactlyInAnyOrder("ws-alice=member", "ws-bob@example.com=member",
                        "ws-olivia@example.com=owner", "ws-victor@example.com=viewer");

        // the brief's bare name stands for the caller whose address has it as local part
        String alice = newKey("{\"user\":\"ws-alice@example.com\",\"team\":\"platform\"}");
        HttpResponse<String> response = openAi("/v1/chat/completions", alice, CHAT, "x-aurelis-workspace", "declared-eng");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).contains("Write Java 21; keep classes small.")
                .contains("need a code review");
    }

    @Test
    void applyingTheSameFileAgainChangesNothingAndTheFileWinsOverTheApiForWhatItDeclares() {
        applier.apply(active.config()); // settles what other tests may have changed through the API
        List<String> before = workspaceRows();
        events.clear();

        applier.apply(active.config());
        applier.apply(active.config());

        assertThat(workspaceRows()).isEqualTo(before);
        assertThat(events).noneMatch(WorkspaceChanged.class::isInstance);

        assertThat(admin("PATCH", "/api/v1/workspaces/declared-eng", "{\"permissions\":{\"github\":\"none\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(admin("PUT", "/api/v1/workspaces/declared-eng/members/ws-extra@example.com", "{}").statusCode())
                .isEqualTo(200);
        applier.apply(active.config());

        JsonNode workspace = json(admin("GET", "/api/v1/workspaces/declared-eng", null).body());
        assertThat(workspace.path("permissions").path("github").asString()).isEqualTo("read");
        assertThat(workspace.path("members").valueStream().map(m -> m.path("member").asString()))
                .contains("ws-extra@example.com", "ws-alice");
    }
}
