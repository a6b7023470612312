package dev.aurelis.console;

import dev.aurelis.access.Permission;
import java.util.List;

/**
 * A page of the console's navigation and the permission that shows it. A page whose permission the caller lacks is
 * left out of the navigation and answers 403 with the reason; a page with none is every signed-in person's.
 */
record ConsolePage(String path, String title, List<String> permissions) {

    /** Listed only while {@code developer_satisfaction.survey_integration} is on. */
    static final String SURVEY = "/console/survey";

    static final List<ConsolePage> ALL = List.of(
            new ConsolePage("/console", "Overview", List.of(Permission.USAGE_READ)),
            new ConsolePage("/console/usage", "Usage and cost", List.of(Permission.USAGE_READ)),
            new ConsolePage("/console/live", "Live performance", List.of(Permission.USAGE_READ)),
            new ConsolePage("/console/reports", "Reports", List.of(Permission.REPORTS_VIEW)),
            new ConsolePage("/console/workflows", "Workflow runs", List.of(Permission.AUDIT_READ)),
            new ConsolePage("/console/approvals", "Waiting for me", List.of()),
            new ConsolePage("/console/budgets", "Budgets", List.of(Permission.BUDGET_VIEW)),
            new ConsolePage("/console/keys", "API keys", List.of(Permission.KEYS_READ)),
            new ConsolePage("/console/people", "Users and teams", List.of(Permission.USERS_READ, Permission.TEAM_VIEW)),
            new ConsolePage("/console/providers", "Providers", List.of(Permission.CONFIG_READ)),
            new ConsolePage("/console/configuration", "Configuration", List.of(Permission.CONFIG_READ)),
            new ConsolePage(SURVEY, "Pulse survey", List.of(Permission.MODELS_USE)));

    static ConsolePage of(String path) {
        return ALL.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }
}
