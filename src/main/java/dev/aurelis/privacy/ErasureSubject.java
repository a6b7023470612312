package dev.aurelis.privacy;

import dev.aurelis.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The person being erased, as the identity module knows them: their id, e-mail address and the names they go by
 * (display, given, family and user names), and the stable pseudonym that replaces them wherever a record is kept
 * (ledger attribution, analytics). The pseudonym is derived from the tenant and the user id only, so erasing
 * twice gives the same one and it reveals nothing about the person.
 */
public record ErasureSubject(TenantId tenant, UUID userId, String email, List<String> names) {

    public ErasureSubject {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        names = names == null ? List.of() : names.stream().filter(n -> n != null && !n.isBlank()
                && !n.equalsIgnoreCase(email)).distinct().toList();
    }

    /** The stable pseudonym, e.g. {@code erased-3f9a0c1b2d4e5f60}. */
    public String pseudonym() {
        return pseudonymOf(tenant, userId);
    }

    /** The pseudonym in the shape of an e-mail address, for columns that hold one. */
    public String pseudonymousEmail() {
        return pseudonym() + "@erased.invalid";
    }

    public static String pseudonymOf(TenantId tenant, UUID userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.value() + ":" + userId).getBytes(StandardCharsets.UTF_8));
            return "erased-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
