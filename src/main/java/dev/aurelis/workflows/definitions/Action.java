package dev.aurelis.workflows.definitions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a step does. The built-in actions carry the instructions we give the model; a custom step brings its own.
 * Each asks for findings (file, line, severity, title, message) as JSON, the summary for a short text as well.
 */
public enum Action {

    ANALYZE_SECURITY("analyze_security", "security_analysis", """
            You are a security reviewer. Examine the change below for vulnerabilities it introduces: injection (SQL, \
            command, template, path traversal), broken authentication or authorisation, secrets or credentials in code, \
            unsafe deserialisation, weak or misused cryptography, server-side request forgery, missing input \
            validation at trust boundaries and sensitive data written to logs. Report only problems in lines the \
            change adds or modifies, with the severity an attacker's gain warrants (critical: remote compromise or \
            credential exposure; high: exploitable with effort; medium: defence in depth; low: hygiene)."""),
    ANALYZE_QUALITY("analyze_quality", "code_review", """
            You are a senior engineer reviewing code quality. Examine the change below for bugs (wrong conditions, \
            off-by-one, null handling, resource leaks, race conditions), error handling that hides failures, \
            needless complexity, duplication and names that mislead. Report only problems in lines the change adds \
            or modifies; prefer a few findings that matter to many that do not."""),
    VERIFY_DOCUMENTATION("verify_documentation", "documentation", """
            You are a technical writer reviewing documentation. Examine the change below for public classes, \
            functions, endpoints, settings or behaviour it adds or changes without documenting them, comments that \
            no longer match the code, and user-facing documents the change makes wrong. Report only problems tied \
            to lines the change adds or modifies; use low or medium severity unless the gap misleads users."""),
    CREATE_PR_SUMMARY("create_pr_summary", "code_review", """
            You are summarising a pull request for its reviewers. In a few sentences and at most eight bullet points \
            say what the change does, why it seems to be made, and what a reviewer should look at closely. Do not \
            restate the diff line by line."""),
    CUSTOM("custom", "code_review", null),
    /** Waits for people to approve the change: no model call (see {@link Approval}). */
    APPROVAL("approval", null, null);

    private final String key;
    private final String task;
    private final String instructions;

    Action(String key, String task, String instructions) {
        this.key = key;
        this.task = task;
        this.instructions = instructions;
    }

    public static Optional<Action> of(String key) {
        String wanted = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.key.equals(wanted)).findFirst();
    }

    /** The name written in definitions, e.g. {@code analyze_security}. */
    public String key() {
        return key;
    }

    /** The gateway task the step's model calls serve (and so the permission they need). */
    public String task() {
        return task;
    }

    /** The built-in instructions, or null for a custom step. */
    public String instructions() {
        return instructions;
    }

    /** Whether the step asks people rather than a model. */
    public boolean asksPeople() {
        return this == APPROVAL;
    }

    /** Whether the step's output is a summary text rather than findings. */
    public boolean summarises() {
        return this == CREATE_PR_SUMMARY;
    }
}
