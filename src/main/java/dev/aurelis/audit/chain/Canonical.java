package dev.aurelis.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical form of an entry and its chain link: {@code hash = SHA-256(prev_hash || canonical form)}. The form is
 * JSON with the fields in a fixed order, times in microseconds (what PostgreSQL keeps) and the details as the exact
 * text stored, so it can be recomputed from a row years later by any tool.
 */
public final class Canonical {

    /** The link before the first entry of a chain. */
    public static final byte[] GENESIS = new byte[32];

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final String HMAC = "HmacSHA256";
    /** One digest and one MAC per thread: looking either up costs more than hashing an entry's form. */
    private static final ThreadLocal<MessageDigest> LINKS = ThreadLocal.withInitial(Canonical::sha256);
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Canonical() {
    }

    /** A row's fields, as hashed. */
    public record Fields(String tenantId, long seq, String id, Instant occurredAt, Instant recordedAt, String category,
            String action, String actor, String target, String outcome, String sourceIp, String userAgent,
            String details) {
    }

    /** Times as stored: PostgreSQL keeps microseconds. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String form(Fields f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("tenant_id", f.tenantId());
        m.put("seq", f.seq());
        m.put("id", f.id());
        m.put("occurred_at", stored(f.occurredAt()).toString());
        m.put("recorded_at", stored(f.recordedAt()).toString());
        m.put("category", f.category());
        m.put("action", f.action());
        m.put("actor", f.actor());
        m.put("target", f.target());
        m.put("outcome", f.outcome());
        m.put("source_ip", f.sourceIp());
        m.put("user_agent", f.userAgent());
        m.put("details", f.details());
        return JSON.writeValueAsString(m);
    }

    public static byte[] link(byte[] previous, Fields fields) {
        return link(previous, fields, null);
    }

    /**
     * The link of an entry whose personal fields are covered by {@code personalDigest} (version 2): the form then
     * holds the digest in place of actor, target, source address, user agent and details, so those can be erased
     * later without changing the link. With a null digest, the version 1 form over the fields themselves.
     */
    public static byte[] link(byte[] previous, Fields fields, byte[] personalDigest) {
        String form = personalDigest == null ? form(fields) : formV2(fields, personalDigest);
        MessageDigest sha = LINKS.get();
        sha.reset(); // nothing left over from a use that failed half-way
        sha.update(previous);
        return sha.digest(form.getBytes(StandardCharsets.UTF_8));
    }

    static String formV2(Fields f, byte[] personalDigest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 2);
        m.put("tenant_id", f.tenantId());
        m.put("seq", f.seq());
        m.put("id", f.id());
        m.put("occurred_at", stored(f.occurredAt()).toString());
        m.put("recorded_at", stored(f.recordedAt()).toString());
        m.put("category", f.category());
        m.put("action", f.action());
        m.put("outcome", f.outcome());
        m.put("personal", hex(personalDigest));
        return JSON.writeValueAsString(m);
    }

    /** HMAC-SHA-256 under the entry's salt of its personal fields, as canonical JSON in a fixed order. */
    public static byte[] personalDigest(byte[] salt, Fields f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actor", f.actor());
        m.put("target", f.target());
        m.put("source_ip", f.sourceIp());
        m.put("user_agent", f.userAgent());
        m.put("details", f.details());
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(salt, HMAC));
            return mac.doFinal(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Details as canonical JSON text: keys sorted at every level, times and other values as strings. */
    public static String details(Map<String, ?> details) {
        return JSON.writeValueAsString(sorted(details));
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), sorted(v));
                }
            });
            return out;
        }
        if (value instanceof Collection<?> list) {
            var out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof Number n) {
            return n instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString();
        }
        if (value instanceof TemporalAccessor t) {
            return t.toString();
        }
        return String.valueOf(value);
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
