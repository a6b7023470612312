package dev.aurelis.spend;

import java.util.Locale;

/** Whose spend a budget limits. A budget's subject names one of them (a team's name, a user's e-mail, …). */
public enum BudgetScope {
    ORGANIZATION, DEPARTMENT, TEAM, USER, PROJECT, COST_CENTER, API_KEY;

    /** The name used in the API and the configuration file: {@code cost_center}, {@code api_key}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetScope parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'scope' is required: one of organization, department, team, user, "
                    + "project, cost_center, api_key.");
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normalized.equals("KEY")) {
            return API_KEY;
        }
        try {
            return valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a budget scope: use organization, department, "
                    + "team, user, project, cost_center or api_key.");
        }
    }

    /** The subject of a spender in this scope, as budgets name it (e-mails in lower case). */
    String subjectOf(Spender spender) {
        return switch (this) {
            case ORGANIZATION -> "";
            case DEPARTMENT -> spender.department();
            case TEAM -> spender.team();
            case USER -> spender.email() == null ? null : spender.email().toLowerCase(Locale.ROOT);
            case PROJECT -> spender.project();
            case COST_CENTER -> spender.costCenter();
            case API_KEY -> spender.keyId() == null ? null : spender.keyId().toString();
        };
    }

    /** The ledger column holding this scope's subject; identifiers come only from this code. */
    public String ledgerColumn() {
        return switch (this) {
            case ORGANIZATION -> "''";
            case DEPARTMENT -> "department";
            case TEAM -> "team";
            case USER -> "lower(user_email)";
            case PROJECT -> "project";
            case COST_CENTER -> "cost_center";
            case API_KEY -> "key_id::text";
        };
    }

    /** How a person reads the subject: "team 'frontend'", "the organization". */
    String describe(String subject) {
        return switch (this) {
            case ORGANIZATION -> "the organization";
            case COST_CENTER -> "cost center '" + subject + "'";
            case API_KEY -> "API key " + subject;
            default -> wireName() + " '" + subject + "'";
        };
    }
}
