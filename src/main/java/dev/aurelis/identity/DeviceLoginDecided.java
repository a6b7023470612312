package dev.aurelis.identity;

import java.util.UUID;

/**
 * A signed-in person approved or denied a device login (RFC 8628): a command-line tool waiting with the user code
 * gets a key of theirs, or nothing.
 *
 * @param decision {@code approved} or {@code denied}
 * @param clientId the client that asked, e.g. {@code aurelis-cli}
 */
public record DeviceLoginDecided(String tenantId, UUID userId, String email, String clientId, String decision) {
}
