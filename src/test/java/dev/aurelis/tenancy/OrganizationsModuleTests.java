package dev.aurelis.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The tenancy module on its own (with storage, which it depends on): which stored organisation a configuration
 * describes, and which teams a key may name. Each test has a database of its own.
 */
@ApplicationModuleTest(extraIncludes = {"storage", "operations"})
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class OrganizationsModuleTests {

    @Autowired
    Organizations organizations;

    @Test
    void aFileDescribesTheStoredOrganisationUnlessItNamesItsTenant() {
        // an empty store: the file's id becomes the tenant
        TenantId first = organizations.tenantFor("first", null);
        assertThat(first).isEqualTo(TenantId.of("first"));
        declare(first, "first", List.of());

        // one stored organisation: a new id adopts it (a rename), the old id and the tenant id still find it
        assertThat(organizations.tenantFor("renamed", null)).isEqualTo(first);
        declare(first, "renamed", List.of());
        assertThat(organizations.tenantFor("renamed", null)).isEqualTo(first);
        assertThat(organizations.tenantFor("first", null)).isEqualTo(first);

        // a named tenant is used as named, and makes the store hold two
        TenantId second = organizations.tenantFor("second", TenantId.of("second"));
        assertThat(second).isEqualTo(TenantId.of("second"));
        declare(second, "second", List.of());
        assertThat(organizations.tenantFor("second", null)).isEqualTo(second);
        assertThat(organizations.tenantFor("renamed", null)).isEqualTo(first);

        // two stored and the file names neither: refused, never guessed
        assertThatThrownBy(() -> organizations.tenantFor("third", null)).isInstanceOf(OrganizationNotIdentified.class)
                .hasMessageContaining("organization.tenant_id").satisfies(e ->
                        assertThat(((OrganizationNotIdentified) e).stored()).extracting(Organization::tenantId)
                                .containsExactlyInAnyOrder(first, second));
    }

    @Test
    void keysNameDeclaredTeamsOnlyWhenTheFileDeclaresTeams() {
        TenantId open = TenantId.of("open-teams");
        declare(open, "open-teams", List.of());
        assertThat(TenantContext.call(open, () -> organizations.teamForKey(open, "anything")).name()).isEqualTo("anything");

        TenantId closed = TenantId.of("declared-teams");
        declare(closed, "declared-teams", List.of(new Team("platform", null, null), new Team("data", null, null)));
        assertThat(TenantContext.call(closed, () -> organizations.teamForKey(closed, "platform")).name()).isEqualTo("platform");
        assertThatThrownBy(() -> TenantContext.run(closed, () -> organizations.teamForKey(closed, "platfrom")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no team 'platfrom'").hasMessageContaining("Teams: data, platform");
        // a team made by an identity provider's group counts as existing
        TenantContext.run(closed, () -> organizations.ensureTeam(closed, "sso-group"));
        assertThat(TenantContext.call(closed, () -> organizations.teamForKey(closed, "sso-group")).name()).isEqualTo("sso-group");
    }

    private void declare(TenantId tenant, String id, List<Team> teams) {
        TenantContext.run(tenant, () -> organizations.declare(new OrganizationDeclaration(tenant, id + " name", id,
                "UTC", List.of(), teams, List.of())));
    }
}
