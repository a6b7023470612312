package dev.aurelis.privacy;

/**
 * Whose exchange is screened, and what it says it concerns: picks the policies that apply (the most specific scope
 * wins) and the repository exclusions and class rules.
 *
 * @param model      the model asked for
 * @param repository the {@code x-aurelis-repository} header (owner/name), or null
 */
public record PrivacySubject(String tenantId, String requestId, String department, String team, String project,
        String model, String repository) {
}
