package dev.aurelis.workflows.execution;

import dev.aurelis.privacy.Sealing;
import dev.aurelis.workflows.ApprovalLinks;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
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
        Sealing.Signature signature = sealing.sign(PURPOSE, payload);
        byte[] tag = ByteBuffer.allocate(16 + signature.mac().length).putLong(signature.keyId().getMostSignificantBits())
                .putLong(signature.keyId().getLeastSignificantBits()).put(signature.mac()).array();
        return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(tag);
    }

    @Override
    public Named open(String token) {
        LinkRefused invalid = new LinkRefused("This approval link is not valid: it was changed or cut, or Aurelis "
                + "did not make it. Open the link from the notification again, or ask for the run in the console.", false);
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || token.length() > 2048) {
            throw invalid;
        }
        Claims claims;
        try {
            byte[] payload = DECODE.decode(token.substring(0, dot));
            byte[] tag = DECODE.decode(token.substring(dot + 1));
            if (tag.length != 16 + 32) {
                throw invalid;
            }
            ByteBuffer b = ByteBuffer.wrap(tag);
            UUID keyId = new UUID(b.getLong(), b.getLong());
            byte[] mac = new byte[32];
            b.get(mac);
            if (!sealing.verify(PURPOSE, payload, new Sealing.Signature(keyId, mac))) {
                throw invalid;
            }
            claims = JSON.readValue(new String(payload, StandardCharsets.UTF_8), Claims.class);
        } catch (IllegalArgumentException | JacksonException e) {
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
