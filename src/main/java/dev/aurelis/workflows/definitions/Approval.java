package dev.aurelis.workflows.definitions;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an approval step waits for: {@code required} approvals from the people it names (an e-mail address, or
 * {@code role:NAME} for everyone holding the role) within {@code timeout}. Nobody approves their own change.
 */
public record Approval(List<String> approvers, int required, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    private static final String ROLE = "role:";

    public Approval {
        approvers = approvers.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        if (approvers.isEmpty()) {
            throw new IllegalArgumentException("an approval needs at least one approver");
        }
        if (required < 1) {
            throw new IllegalArgumentException("an approval needs at least one approval");
        }
    }

    /** The timeout as people write it: {@code 24h}, {@code 90m}, {@code 30s}. */
    public String describeTimeout() {
        long seconds = timeout.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : Math.max(seconds, 1) + "s";
    }

    /** Whether the person with this address and these roles is one of the approvers. */
    public boolean names(String email, Set<String> roles) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        for (String approver : approvers) {
            if (approver.startsWith(ROLE) ? roles.stream().anyMatch(r -> r.equalsIgnoreCase(approver.substring(ROLE.length())))
                    : approver.equals(address)) {
                return true;
            }
        }
        return false;
    }
}
