package dev.aurelis.identity.signin;

import dev.aurelis.identity.MfaEnrolled;
import dev.aurelis.tenancy.TenantId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import dev.aurelis.privacy.Sealing;
import dev.aurelis.storage.DurableEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * TOTP enrolment and checks, and recovery codes (shown once, stored hashed, each usable once). A TOTP code is
 * accepted only for a step later than the last one used, so an observed code cannot be replayed.
 */
@Component
public class SecondFactors {

    static final int RECOVERY_CODES = 10;

    private final JdbcClient jdbc;
    private final DurableEvents events;
    private final Sealing sealing;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, DurableEvents events, Sealing sealing, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.sealing = sealing;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** What a TOTP seed is sealed with: bound to its row, so it does not open anywhere else. */
    static String seedContext(TenantId tenant, UUID userId) {
        return "identity_totp:" + tenant.value() + ":" + userId;
    }

    /**
     * Seals the seeds stored before sealing existed (kept as they were, {@code sealed} false), for one tenant;
     * returns how many. Runs at start-up.
     */
    @Transactional
    public int sealPlaintextSeeds(TenantId tenant) {
        record Plain(UUID userId, byte[] secret) {
        }
        List<Plain> plain = jdbc.sql("select user_id, secret from identity_totp where tenant_id = ? and not sealed for update")
                .param(tenant.value()).query((rs, n) -> new Plain(rs.getObject(1, UUID.class), rs.getBytes(2))).list();
        for (Plain p : plain) {
            jdbc.sql("update identity_totp set secret = ?, sealed = true where tenant_id = ? and user_id = ?")
                    .params(sealing.seal(p.secret(), seedContext(tenant, p.userId())), tenant.value(), p.userId())
                    .update();
        }
        return plain.size();
    }

    /** A secret being enrolled: the base32 form for typing and the otpauth URI for a QR code. */
    public record TotpEnrolment(String secret, String otpauthUri) {
    }

    /** Starts (or restarts) TOTP enrolment; the factor counts only once a code from it was confirmed. */
    @Transactional
    public TotpEnrolment beginTotp(TenantId tenant, UUID userId, String email, String issuer) {
        if (hasTotp(tenant, userId)) {
            throw new IllegalArgumentException("An authenticator app is already enrolled for this account.");
        }
        byte[] secret = Secrets.randomBytes(20);
        jdbc.sql("""
                insert into identity_totp (tenant_id, user_id, secret, sealed) values (?, ?, ?, true)
                on conflict (tenant_id, user_id) do update set secret = excluded.secret, sealed = true,
                    last_used_step = -1, created_at = now()
                """).params(tenant.value(), userId, sealing.seal(secret, seedContext(tenant, userId))).update();
        String base32 = Totp.base32(secret);
        String label = URLEncoder.encode(issuer + ":" + email, StandardCharsets.UTF_8).replace("+", "%20");
        String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new TotpEnrolment(base32, uri);
    }

    /** Confirms enrolment with a first code; returns false when the code does not match. */
    @Transactional
    public boolean confirmTotp(TenantId tenant, UUID userId, String code) {
        if (!checkTotp(tenant, userId, code, false)) {
            return false;
        }
        jdbc.sql("update identity_totp set confirmed_at = now() where tenant_id = ? and user_id = ?")
                .params(tenant.value(), userId).update();
        events.publish(new MfaEnrolled(tenant.value(), userId, "totp"));
        return true;
    }

    @Transactional
    public boolean verifyTotp(TenantId tenant, UUID userId, String code) {
        return checkTotp(tenant, userId, code, true);
    }

    private boolean checkTotp(TenantId tenant, UUID userId, String code, boolean confirmed) {
        record Seed(byte[] secret, long lastUsedStep) {
        }
        Optional<Seed> seed = jdbc.sql("select secret, last_used_step, sealed from identity_totp where tenant_id = ? "
                        + "and user_id = ? " + (confirmed ? "and confirmed_at is not null" : "and confirmed_at is null")
                        + " for update")
                .params(tenant.value(), userId).query((rs, n) -> new Seed(rs.getBoolean(3)
                        ? sealing.open(rs.getBytes(1), seedContext(tenant, userId)) : rs.getBytes(1), rs.getLong(2)))
                .optional();
        if (seed.isEmpty()) {
            return false;
        }
        OptionalLong step = Totp.match(seed.get().secret(), code, clock.instant(), seed.get().lastUsedStep());
        if (step.isEmpty()) {
            return false;
        }
        jdbc.sql("update identity_totp set last_used_step = ? where tenant_id = ? and user_id = ?")
                .params(step.getAsLong(), tenant.value(), userId).update();
        return true;
    }

    public boolean hasTotp(TenantId tenant, UUID userId) {
        return jdbc.sql("select exists (select 1 from identity_totp where tenant_id = ? and user_id = ? and confirmed_at is not null)")
                .params(tenant.value(), userId).query(Boolean.class).single();
    }

    /** Replaces the user's recovery codes with new ones, returned this once. */
    @Transactional
    public List<String> newRecoveryCodes(TenantId tenant, UUID userId) {
        jdbc.sql("delete from identity_recovery_code where tenant_id = ? and user_id = ?").params(tenant.value(), userId).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = recoveryCode();
            codes.add(code);
            jdbc.sql("insert into identity_recovery_code (tenant_id, user_id, code_hash) values (?, ?, ?)")
                    .params(tenant.value(), userId, Secrets.sha256(normalise(code))).update();
        }
        return codes;
    }

    public boolean hasRecoveryCodes(TenantId tenant, UUID userId) {
        return jdbc.sql("select exists (select 1 from identity_recovery_code where tenant_id = ? and user_id = ?)")
                .params(tenant.value(), userId).query(Boolean.class).single();
    }

    /** Uses up a recovery code; false when it is unknown or was used before. */
    @Transactional
    public boolean useRecoveryCode(TenantId tenant, UUID userId, String code) {
        if (code == null || code.isBlank()) {
            return false;
        }
        return jdbc.sql("""
                update identity_recovery_code set used_at = now()
                where tenant_id = ? and user_id = ? and code_hash = ? and used_at is null
                """).params(tenant.value(), userId, Secrets.sha256(normalise(code))).update() == 1;
    }

    /**
     * Sixteen characters from an alphabet without look-alikes, in groups of four: about 79 random bits, too many
     * to guess from the stored hash, so a fast hash suffices.
     */
    private static String recoveryCode() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(alphabet.charAt(Secrets.RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    private static String normalise(String code) {
        return code.strip().replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
