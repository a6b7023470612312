package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.testing.AccessTestBase;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * TOTP seeds are sealed at rest: the database holds neither the seed nor anything containing it, and codes from the
 * authenticator still check. A seed an earlier version stored in plain is sealed by the start-up pass.
 */
class SealedSeedTests extends AccessTestBase {

    @Autowired
    SecondFactors factors;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewSeedIsNotReadableInTheDatabaseAndCodesStillCheck() {
        UUID user = newUserId();
        SecondFactors.TotpEnrolment enrolment = TenantContext.call(TENANT,
                () -> factors.beginTotp(TENANT, user, "seed@example.com", "Aurelis"));
        byte[] seed = Totp.fromBase32(enrolment.secret());

        byte[] stored = storedSecret(user);
        assertThat(stored).isNotEqualTo(seed);
        assertThat(indexOf(stored, seed)).as("the seed appears in the stored bytes").isEqualTo(-1);
        assertThat(sealed(user)).isTrue();

        String code = Totp.at(seed, Instant.now(), Totp.DIGITS, "HmacSHA1");
        assertThat(TenantContext.call(TENANT, () -> factors.confirmTotp(TENANT, user, code))).isTrue();
        assertThat(TenantContext.call(TENANT, () -> factors.confirmTotp(TENANT, user, "000000"))).isFalse();
    }

    @Test
    void aSeedStoredInPlainByAnEarlierVersionIsSealedAtStartAndStillChecks() {
        UUID user = newUserId();
        byte[] seed = "12345678901234567890".getBytes();
        TenantContext.run(TENANT, () -> jdbc.sql("insert into identity_totp (tenant_id, user_id, secret) values (?, ?, ?)")
                .params(TENANT.value(), user, seed).update());
        assertThat(sealed(user)).isFalse();

        int sealed = TenantContext.call(TENANT, () -> factors.sealPlaintextSeeds(TENANT));

        assertThat(sealed).isGreaterThanOrEqualTo(1);
        assertThat(sealed(user)).isTrue();
        assertThat(indexOf(storedSecret(user), seed)).isEqualTo(-1);
        String code = Totp.at(seed, Instant.now(), Totp.DIGITS, "HmacSHA1");
        assertThat(TenantContext.call(TENANT, () -> factors.confirmTotp(TENANT, user, code))).isTrue();
    }

    private UUID newUserId() {
        String email = unique("sealed-seed") + "@example.com";
        newKey("{\"user\":\"" + email + "\",\"team\":\"platform\"}");
        return TenantContext.call(TENANT, () -> jdbc.sql("select id from identity_user where tenant_id = ? and email = ?")
                .params(TENANT.value(), email).query(UUID.class).single());
    }

    private byte[] storedSecret(UUID user) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select secret from identity_totp where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), user).query(byte[].class).single());
    }

    private boolean sealed(UUID user) {
        return TenantContext.call(TENANT, () -> jdbc.sql("select sealed from identity_totp where tenant_id = ? and user_id = ?")
                .params(TENANT.value(), user).query(Boolean.class).single());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
