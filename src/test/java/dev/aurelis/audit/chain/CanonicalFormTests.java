package dev.aurelis.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canonical form, byte for byte: every hash in every chain ever written was computed over it, and docs/audit.md
 * promises any tool can recompute it from a row. These values were computed by the first implementation; a change to
 * how the form is written must reproduce them exactly, or every stored chain stops verifying.
 */
class CanonicalFormTests {

    private static final byte[] PREVIOUS = sequence(0, 1);
    private static final byte[] SALT = sequence(255, -1);

    @Test
    void detailsAreSortedAtEveryLevelWithValuesAsTheFirstImplementationWroteThem() {
        assertThat(Canonical.details(details())).isEqualTo("{\"7\":\"1000\","
                + "\"a\":{\"y\":true,\"z\":[1,\"null\",\"x\",\"2.5\",\"1.50\",\"2026-01-02T03:04:05.123456789Z\"]},"
                + "\"b\":1,\"f\":\"0.1\",\"n\":10,"
                + "\"q\":\"say \\\"hi\\\"\\\\ \\n\\t\\u0001 \u00e9 \uD83D\uDE00 \u2028\","
                + "\"u\":\"00000000-0000-0000-0000-000000000001\"}");
    }

    @Test
    void versionOneFormAndLinkOfAnEntryWithEveryField() {
        Canonical.Fields fields = full();
        assertThat(Canonical.form(fields)).startsWith("{\"v\":1,\"tenant_id\":\"acme\",\"seq\":42,"
                + "\"id\":\"11111111-2222-3333-4444-555555555555\",\"occurred_at\":\"2026-12-06T10:00:00.123456Z\","
                + "\"recorded_at\":\"2026-12-06T10:00:01Z\",\"category\":\"exchange\",\"action\":\"exchange.completed\","
                + "\"actor\":\"ana@example.com\",\"target\":\"model:gpt-4o\",\"outcome\":\"success\","
                + "\"source_ip\":\"10.0.0.1\",\"user_agent\":\"codex/1.0 \\\"x\\\"\",\"details\":\"{\\\"7\\\":");
        assertThat(Canonical.hex(Canonical.link(PREVIOUS, fields)))
                .isEqualTo("6c9d516d50021f7fe1393621f1576436a5fccdfe166028ba98967a24f2a238dd");
    }

    @Test
    void versionTwoFormDigestAndLinkOfAnEntryWithEveryField() {
        Canonical.Fields fields = full();
        byte[] personal = Canonical.personalDigest(SALT, fields);
        assertThat(Canonical.hex(personal)).isEqualTo("11a156de50f6ae5ab16f7e67d48346dc685cf19823920d67196e3c9b9f7da106");
        assertThat(Canonical.formV2(fields, personal)).isEqualTo("{\"v\":2,\"tenant_id\":\"acme\",\"seq\":42,"
                + "\"id\":\"11111111-2222-3333-4444-555555555555\",\"occurred_at\":\"2026-12-06T10:00:00.123456Z\","
                + "\"recorded_at\":\"2026-12-06T10:00:01Z\",\"category\":\"exchange\",\"action\":\"exchange.completed\","
                + "\"outcome\":\"success\",\"personal\":\"11a156de50f6ae5ab16f7e67d48346dc685cf19823920d67196e3c9b9f7da106\"}");
        assertThat(Canonical.hex(Canonical.link(PREVIOUS, fields, personal)))
                .isEqualTo("80e327f17604a50b9e2389d991b415ecf06e1deae24bcf9b6031ebb9b18ac1b5");
    }

    @Test
    void absentFieldsAreWrittenAsNull() {
        Canonical.Fields fields = new Canonical.Fields("acme", 43, "id", Instant.parse("2026-12-06T10:00:00Z"),
                Instant.parse("2026-12-06T10:00:00Z"), "admin", "key.created", null, null, "failure", null, null, "{}");
        assertThat(Canonical.form(fields)).isEqualTo("{\"v\":1,\"tenant_id\":\"acme\",\"seq\":43,\"id\":\"id\","
                + "\"occurred_at\":\"2026-12-06T10:00:00Z\",\"recorded_at\":\"2026-12-06T10:00:00Z\","
                + "\"category\":\"admin\",\"action\":\"key.created\",\"actor\":null,\"target\":null,"
                + "\"outcome\":\"failure\",\"source_ip\":null,\"user_agent\":null,\"details\":\"{}\"}");
        byte[] personal = Canonical.personalDigest(SALT, fields);
        assertThat(Canonical.hex(personal)).isEqualTo("db51fe95656ad29442328bb26440cb73781b01c961b14f98622e4f48ae9bda53");
        assertThat(Canonical.hex(Canonical.link(Canonical.GENESIS, fields, personal)))
                .isEqualTo("a391db841cf57aab087f6069187e5b18fa827a337401dd121b62b06a91d6eeda");
    }

    @Test
    void aDigestIsTheSameWhicheverThreadComputesItAndWhateverWasComputedBefore() throws Exception {
        Canonical.Fields fields = full();
        Canonical.personalDigest(PREVIOUS, fields); // another salt first, on this thread
        byte[][] elsewhere = new byte[1][];
        Thread other = Thread.ofVirtual().start(() -> elsewhere[0] = Canonical.personalDigest(SALT, fields));
        other.join();
        assertThat(Canonical.personalDigest(SALT, fields)).isEqualTo(elsewhere[0]);
        assertThat(Canonical.hex(elsewhere[0])).isEqualTo("11a156de50f6ae5ab16f7e67d48346dc685cf19823920d67196e3c9b9f7da106");
    }

    private static Canonical.Fields full() {
        return new Canonical.Fields("acme", 42, "11111111-2222-3333-4444-555555555555",
                Instant.parse("2026-12-06T10:00:00.123456789Z"), Instant.parse("2026-12-06T10:00:01Z"), "exchange",
                "exchange.completed", "ana@example.com", "model:gpt-4o", "success", "10.0.0.1", "codex/1.0 \"x\"",
                Canonical.details(details()));
    }

    /** Every kind of value the trail's details hold: nested maps and lists, numbers of each kind, times, nulls. */
    private static Map<String, Object> details() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", Arrays.asList(1, null, "x", 2.5, new BigDecimal("1.50"),
                Instant.parse("2026-01-02T03:04:05.123456789Z")));
        nested.put("y", true);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("b", 1);
        details.put("a", nested);
        details.put("c", null);
        details.put("n", 10L);
        details.put("q", "say \"hi\"\\ \n\t\u0001 \u00e9 \uD83D\uDE00 \u2028");
        details.put("7", new BigDecimal("1E+3"));
        details.put("f", 0.1f);
        details.put("u", UUID.fromString("00000000-0000-0000-0000-000000000001"));
        return details;
    }

    private static byte[] sequence(int first, int step) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (first + i * step);
        }
        return bytes;
    }
}
