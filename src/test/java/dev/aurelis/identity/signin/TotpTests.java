package dev.aurelis.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B: the reference test vectors for SHA-1, SHA-256 and SHA-512 with 8 digits. */
class TotpTests {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheReferenceValuesOfRfc6238(long seconds, String sha1, String sha256, String sha512) {
        Instant time = Instant.ofEpochSecond(seconds);
        assertThat(Totp.at(SHA1_SEED, time, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.at(SHA256_SEED, time, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.at(SHA512_SEED, time, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void acceptsTheNeighbouringStepsButNeverAStepAlreadyUsed() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        String previous = Totp.at(SHA1_SEED, now.minusSeconds(30), 6, "HmacSHA1");
        String farAway = Totp.at(SHA1_SEED, now.plusSeconds(120), 6, "HmacSHA1");

        assertThat(Totp.match(SHA1_SEED, previous, now, -1)).hasValue(step - 1);
        assertThat(Totp.match(SHA1_SEED, previous, now, step - 1)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, farAway, now, -1)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, "12a456", now, -1)).isEmpty();
    }

    @Test
    void base32RoundTripsSecretsAsAuthenticatorAppsReadThem() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

        assertThat(Totp.base32(secret)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.fromBase32("gezdgnbvgy3tqojqgezdgnbvgy3tqojq")).isEqualTo(secret);
    }
}
