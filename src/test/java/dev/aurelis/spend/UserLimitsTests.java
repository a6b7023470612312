package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserLimitsTests {

    private final UserLimits briefLimits = new UserLimits(new BigDecimal("1000"), new BigDecimal("3000"),
            new BigDecimal("5000"), true);

    @Test
    void aDeveloperGetsTheDefaultMonthlyLimit() {
        assertThat(briefLimits.limitFor(Set.of("developer"))).contains(new BigDecimal("1000"));
    }

    @Test
    void seniorsAndLeadsGetTheirsAndTheMostGenerousRoleWins() {
        assertThat(briefLimits.limitFor(Set.of("senior_developer"))).contains(new BigDecimal("3000"));
        assertThat(briefLimits.limitFor(Set.of("team_lead"))).contains(new BigDecimal("5000"));
        assertThat(briefLimits.limitFor(Set.of("senior_developer", "team_lead"))).contains(new BigDecimal("5000"));
    }

    @Test
    void departmentManagersAreUnlimitedOnlyWhenTheBriefSaysSo() {
        assertThat(briefLimits.limitFor(Set.of("department_manager", "developer"))).isEmpty();
        UserLimits limited = new UserLimits(new BigDecimal("1000"), null, null, false);
        assertThat(limited.limitFor(Set.of("department_manager"))).contains(new BigDecimal("1000"));
    }

    @Test
    void managersAndAdministratorsGetTheFeatureGuidesLimits() {
        // budget_management.user_limits of the feature guide: default 500, manager 2000, admin 5000
        UserLimits guide = new UserLimits(new BigDecimal("500"), null, null, new BigDecimal("2000"),
                new BigDecimal("5000"), false);

        assertThat(guide.limitFor(Set.of("developer"))).contains(new BigDecimal("500"));
        assertThat(guide.limitFor(Set.of("department_manager"))).contains(new BigDecimal("2000"));
        assertThat(guide.limitFor(Set.of("admin"))).contains(new BigDecimal("5000"));
        assertThat(guide.limitFor(Set.of("enterprise_admin", "department_manager"))).contains(new BigDecimal("5000"));
    }
}
