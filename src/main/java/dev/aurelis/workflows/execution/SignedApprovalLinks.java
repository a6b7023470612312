package dev.aurelis.workflows.execution;

import dev.aurelis.privacy.Sealing;
import dev.aurelis.workflows.ApprovalLinks;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval links signed as the console's chart links are ({@code analytics.dashboard_embedding}): the claims in
 * JSON, and an HMAC-SHA-256 tag from {@link Sealing#sign} under a key derived for this purpose alone from the
 * keyring's active data key. Nothing is stored; a link expires with its step's deadline.
 */
@Component
class SignedApprovalLinks implements ApprovalLinks {

    private static final String PURPOSE = "workflow-approval";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Sealing sealing;
    private final WorkflowCatalog catalog;

    SignedApprovalLinks(Sealing sealing, WorkflowCatalog catalog) {
        this.sealing = sealing;
        this.catalog = catalog;
    }

    /** The claims, as signed: the tenant, the run, its approval step, and the expiry (epoch seconds). */
    private record Claims(int v, String tenant, String run, String step, long exp) {
    }

    @Override
    public String create(UUID runId, String step, Instant expiresAt) {
        byte[] payload = JSON.writeValueAsBytes(new Claims(1, catalog.tenant().value(), runId.toString(), step,
                expiresAt.getEpochSecond()));
        return sealing.signedToken(PURPOSE, payload);
    }

    @Override
    public Named open(String token) {
        LinkRefused invalid = new LinkRefused("This approval link is not valid: it was changed or cut, or Aurelis "
                + "did not make it. Open the link from the notification again, or ask for the run in the console.", false);
        byte[] payload = sealing.verifiedToken(PURPOSE, token, 2048).orElseThrow(() -> invalid);
        Claims claims;
        try {
            claims = JSON.readValue(new String(payload, StandardCharsets.UTF_8), Claims.class);
        } catch (JacksonException e) {
            throw invalid;
        }
        if (claims.v() != 1 || claims.step() == null || !catalog.tenant().value().equals(claims.tenant())) {
            throw invalid;
        }
        Instant expires = Instant.ofEpochSecond(claims.exp());
        if (!Instant.now().isBefore(expires)) {
            throw new LinkRefused("This approval link expired at " + expires + ": the step '" + claims.step()
                    + "' was to be decided by then.", true);
        }
        return new Named(UUID.fromString(claims.run()), claims.step(), expires);
    }
}
