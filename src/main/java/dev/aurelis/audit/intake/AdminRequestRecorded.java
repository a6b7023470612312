package dev.aurelis.audit.intake;

/**
 * A call to the admin API that changed or tried to change something (POST, PUT, PATCH, DELETE), as the caller made it:
 * recorded for every endpoint, besides the event of the change itself, with where it came from.
 */
public record AdminRequestRecorded(String tenantId, String actor, String method, String path, int status, String sourceIp,
        String userAgent) {
}
