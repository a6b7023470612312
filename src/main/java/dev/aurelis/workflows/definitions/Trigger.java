package dev.aurelis.workflows.definitions;

import java.util.Locale;

/** What starts a run: a pull request opened (or reopened, or ready for review), new commits, or a CI review. */
public enum Trigger {
    PR_CREATED, COMMIT_PUSHED, CI;

    public static Trigger of(String key) {
        return valueOf(key.strip().toUpperCase(Locale.ROOT));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
