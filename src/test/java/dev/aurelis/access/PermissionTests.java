package dev.aurelis.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a set of permissions grants, and where each reaches. */
class PermissionTests {

    private static boolean grants(String wanted, String... held) {
        return Permission.granted(Set.of(held), wanted);
    }

    @Test
    void cortexDottedNamesAreTheSamePermissions() {
        assertThat(grants("config:read", "config.read")).isTrue();
        assertThat(grants("mcp.manage", "mcp:manage")).isTrue();
        assertThat(Permission.normalize("chat.create")).isEqualTo("chat:create");
    }

    @Test
    void manageIncludesWriteAndReadAndReadIsView() {
        assertThat(grants("keys:read", "keys:manage")).isTrue();
        assertThat(grants("config:read", "config:write")).isTrue();
        assertThat(grants("usage:read", "usage:view")).isTrue();
        assertThat(grants("usage:view", "usage:read")).isTrue();
        assertThat(grants("config:write", "config:read")).isFalse();
        assertThat(grants("keys:manage", "keys:read")).isFalse();
    }

    @Test
    void wildcardsGrantTheirAreaOnlyAndAdminFullGrantsEverything() {
        assertThat(grants("code:generate", "code:all")).isTrue();
        assertThat(grants("code:analyze", "code:*")).isTrue();
        assertThat(grants("docs:generate", "code:all")).isFalse();
        assertThat(grants("models:configure", "team:*")).isTrue();
        assertThat(grants("scim:provision", "admin:full")).isTrue();
        assertThat(grants("anything:at-all", "admin:full")).isTrue();
    }

    @Test
    void implicationsAcrossAreasAreTheListedOnes() {
        assertThat(grants("keys:read", "team:view")).isTrue();
        assertThat(grants("users:read", "team:manage")).isTrue();
        assertThat(grants("models:configure", "team:manage")).isTrue();
        assertThat(grants("roles:read", "audit:read")).isTrue();
        assertThat(grants("keys:read", "audit:read")).isTrue();
        assertThat(grants("roles:read", "config:read")).isTrue();
        assertThat(grants("keys:manage", "users:manage")).isTrue();
        assertThat(grants("code:generate", "chat.create")).isTrue();
        assertThat(grants("models:use", "chat.create")).isTrue();
        assertThat(grants("keys:manage", "team:manage")).isFalse();
        assertThat(grants("roles:manage", "config:write")).isFalse();
        assertThat(grants("scim:provision", "users:manage")).isFalse();
        assertThat(grants("github:write", "github.read")).isFalse();
    }

    @Test
    void eachTaskNeedsItsPermissionAndUnknownTasksNeedTheDefaultOne() {
        assertThat(Permission.forTask("code_generation")).isEqualTo("code:generate");
        assertThat(Permission.forTask("code_review")).isEqualTo("code:analyze");
        assertThat(Permission.forTask("security_analysis")).isEqualTo("code:analyze");
        assertThat(Permission.forTask("documentation")).isEqualTo("docs:generate");
        assertThat(Permission.forTask(null)).isEqualTo("code:generate");
        assertThat(Permission.forTask("refactoring")).isEqualTo("code:generate");
        assertThat(Permission.isTaskName("code_review")).isTrue();
        assertThat(Permission.isTaskName("Code Review")).isFalse();
    }

    @Test
    void recognisesWellFormedPermissionNames() {
        assertThat(List.of("usage:read", "chat.create", "code:*", "a2a.read", "reports:generate"))
                .allMatch(Permission::isWellFormed);
        assertThat(List.of("usage", "usage:", ":read", "Usage:Read", "usage:read:all", "usage read"))
                .noneMatch(Permission::isWellFormed);
    }

    @Test
    void aScopeIsTheUnionOfTheReachOfEveryRoleThatGrantsThePermission() {
        UUID self = UUID.randomUUID();
        Grants.Grant manager = new Grants.Grant("department_manager", RoleScope.DEPARTMENT,
                Permission.expand(BuiltInRoles.all().get("department_manager")), Set.of("engineering"), Set.of("platform"));
        Grants.Grant lead = new Grants.Grant("team_lead", RoleScope.TEAM,
                Permission.expand(BuiltInRoles.all().get("team_lead")), Set.of("research"), Set.of("lab"));
        Grants.Grant reviewer = new Grants.Grant("reviewer", RoleScope.OWN,
                Permission.expand(BuiltInRoles.all().get("reviewer")), Set.of(), Set.of());
        Grants grants = new Grants(self, List.of(manager, lead, reviewer));

        Scope usage = grants.scopeOf("usage:read");
        assertThat(usage.organization()).isFalse();
        assertThat(usage.departments()).containsExactly("engineering");
        assertThat(usage.teams()).containsExactly("lab");
        assertThat(usage.self()).isEqualTo(self);
        assertThat(usage.reachesTeam("platform", "engineering")).isTrue();
        assertThat(usage.reachesTeam("lab", "research")).isTrue();
        assertThat(usage.reachesTeam("observatory", "research")).isFalse();
        assertThat(usage.reachesRecord(self, "observatory", "research")).isTrue();

        Scope models = grants.scopeOf("models:configure");
        assertThat(models.departments()).containsExactly("engineering");
        assertThat(models.teams()).containsExactly("lab");
        assertThat(models.self()).isNull();
        assertThat(grants.scopeOf("keys:manage").reachesNothing()).isTrue();

        Grants withAuditor = new Grants(self, List.of(lead, new Grants.Grant("auditor", RoleScope.ORGANIZATION,
                Permission.expand(BuiltInRoles.all().get("auditor")), Set.of(), Set.of())));
        assertThat(withAuditor.scopeOf("usage:read").organization()).isTrue();
        assertThat(withAuditor.scopeOf("models:configure").organization()).isFalse();
    }

    @Test
    void nobodyHoldsWhatNoneOfTheirRolesGrants() {
        Grants admin = new Grants(null, List.of(new Grants.Grant("admin", RoleScope.ORGANIZATION,
                Permission.expand(BuiltInRoles.all().get("admin")), Set.of(), Set.of())));
        for (String role : BuiltInRoles.all().keySet()) {
            assertThat(admin.holdsAll(BuiltInRoles.all().get(role))).as(role).isEqualTo(!role.equals("enterprise_admin"));
        }
        assertThat(admin.missing(BuiltInRoles.all().get("enterprise_admin")))
                .containsExactly("admin:full", "billing:manage", "security:manage");
    }
}
