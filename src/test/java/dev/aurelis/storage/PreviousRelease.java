package dev.aurelis.storage;

import dev.aurelis.audit.chain.Canonical;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The previous release, as far as the database sees it: its statements ({@code db/previous-release/statements.sql}),
 * issued over one connection that takes the application's role and acts for one tenant, as its code issued them.
 * One {@link #iteration} writes what an exchange and an administrator of that release write (a key, a ledger row, an
 * audit entry linked into the tenant's chain under the chain's lock) and reads keys, ledger and trail back.
 */
final class PreviousRelease implements AutoCloseable {

    static final Path STATEMENTS = Path.of("src/test/resources/db/previous-release/statements.sql");
    private static final Pattern VERSION = Pattern.compile("^-- schema: (\\d+)$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("^-- name: (\\S+).*$", Pattern.MULTILINE);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The captured statements and the schema version they were captured at. */
    record Fixture(int version, Map<String, String> statements) {

        static Fixture load() {
            try {
                String text = Files.readString(STATEMENTS);
                Matcher version = VERSION.matcher(text);
                if (!version.find()) {
                    throw new IllegalStateException(STATEMENTS + " says at which schema version it was captured");
                }
                Map<String, String> statements = new LinkedHashMap<>();
                Matcher name = NAME.matcher(text);
                String current = null;
                int start = 0;
                while (name.find()) {
                    if (current != null) {
                        statements.put(current, text.substring(start, name.start()).strip());
                    }
                    current = name.group(1);
                    start = name.end();
                }
                if (current != null) {
                    statements.put(current, text.substring(start).strip());
                }
                return new Fixture(Integer.parseInt(version.group(1)), statements);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sql(String name) {
            String sql = statements.get(name);
            if (sql == null) {
                throw new IllegalStateException("No statement '" + name + "' in " + STATEMENTS);
            }
            return sql;
        }
    }

    /** What one iteration wrote: the key's secret, the ledger row's request id and the audit entry's number. */
    record Written(String key, String requestId, long auditSeq) {
    }

    /** What the reads of one iteration saw. */
    record Seen(List<String> keyPrefixes, List<String> costedRequests, List<String> auditActions) {
    }

    private final Fixture fixture;
    private final String tenant;
    private final UUID userId = UUID.randomUUID();
    private final Connection connection;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    PreviousRelease(String url, Fixture fixture, String tenant) throws SQLException {
        this.fixture = fixture;
        this.tenant = tenant;
        this.connection = DriverManager.getConnection(url, "postgres", "");
        try (Statement statement = connection.createStatement()) {
            // as the application's own connections: row-level security applies, acting for one tenant
            statement.execute("set role aurelis_app");
            statement.execute("select set_config('" + TenantBinding.SETTING + "', '" + tenant + "', false)");
        }
        SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
        this.jdbc = new NamedParameterJdbcTemplate(single);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(single));
    }

    /** Declares the organisation and the user its keys belong to, as the release does on start. */
    void declare(String externalId, String name) {
        jdbc.update(fixture.sql("organization.declare"), Map.of("tenant", tenant, "external_id", externalId,
                "name", name, "time_zone", "UTC"));
        jdbc.update(fixture.sql("user.ensure"), Map.of("tenant", tenant, "user_id", userId,
                "email", "previous-release@example.com"));
    }

    /** Installs an administrator's key, records an exchange in the ledger and appends an entry to the audit trail. */
    synchronized Written iteration(int n) {
        String key = "aur-previous-release-" + n + "-" + HexFormat.of().formatHex(random(16));
        UUID keyId = UUID.randomUUID();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        params.put("user_id", userId);
        params.put("email", "previous-release@example.com");
        params.put("key_id", keyId);
        params.put("key_hash", sha256(key.getBytes(StandardCharsets.UTF_8)));
        params.put("prefix", key.substring(0, 12));
        params.put("key_name", "previous release " + n);
        // an administrator of the organisation (not its first, enterprise_admin key, which the current release installs)
        params.put("roles", textArray("admin"));
        jdbc.update(fixture.sql("key.install"), params);

        String requestId = "previous-release-" + n + "-" + UUID.randomUUID();
        params.putAll(ledgerRow(requestId));
        jdbc.update(fixture.sql("ledger.record"), params);

        long seq = append("key.issued", "key:" + key.substring(0, 12));
        return new Written(key, requestId, seq);
    }

    private Map<String, Object> ledgerRow(String requestId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("usage_id", UUID.randomUUID());
        row.put("created_at", Timestamp.from(Instant.now()));
        row.put("request_id", requestId);
        row.put("team", "platform");
        row.put("department", "engineering");
        row.put("cost_center", "CC-1");
        row.put("project", null);
        row.put("model_requested", "gpt-4o");
        row.put("model_served", "gpt-4o");
        row.put("provider_model", "gpt-4o-2024-08-06");
        row.put("provider", "openai");
        row.put("endpoint", "/v1/chat/completions");
        row.put("client_tool", "curl");
        row.put("streamed", false);
        row.put("input_tokens", 100L);
        row.put("cached_tokens", 0L);
        row.put("cache_write_tokens", 0L);
        row.put("output_tokens", 20L);
        row.put("reasoning_tokens", 0L);
        row.put("cost", new BigDecimal("0.00045"));
        row.put("currency", "USD");
        row.put("priced", true);
        row.put("status", 200);
        row.put("error_type", null);
        row.put("latency_ms", 12);
        row.put("first_token_ms", null);
        row.put("task", "code_generation");
        row.put("route", "gpt-4o (requested)");
        row.put("attempt", 1);
        row.put("retried", false);
        row.put("usage_estimate", null);
        row.put("privacy", null);
        return row;
    }

    /** Appends one entry as the trail does: the head locked, the entry linked to it, the head moved, one transaction. */
    private long append(String action, String target) {
        return transactions.execute(status -> {
            jdbc.update(fixture.sql("audit.open_chain"), Map.of("tenant", tenant, "genesis", Canonical.GENESIS));
            Map<String, Object> head = jdbc.queryForMap(fixture.sql("audit.lock_head"), Map.of("tenant", tenant));
            long seq = ((Number) head.get("seq")).longValue() + 1;
            byte[] previous = (byte[]) head.get("hash");
            Instant now = Canonical.stored(Instant.now());
            UUID id = UUID.randomUUID();
            String details = Canonical.details(Map.of("release", "previous"));
            Canonical.Fields fields = new Canonical.Fields(tenant, seq, id.toString(), now, now, "admin", action,
                    "previous-release@example.com", target, "success", null, null, details);
            byte[] salt = random(32);
            byte[] personal = Canonical.personalDigest(salt, fields);
            byte[] hash = Canonical.link(previous, fields, personal);
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tenant", tenant);
            entry.put("seq", seq);
            entry.put("entry_id", id);
            entry.put("occurred_at", at);
            entry.put("recorded_at", at);
            entry.put("category", "admin");
            entry.put("action", action);
            entry.put("actor", "previous-release@example.com");
            entry.put("target", target);
            entry.put("outcome", "success");
            entry.put("source_ip", null);
            entry.put("user_agent", null);
            entry.put("details", details);
            entry.put("prev_hash", previous);
            entry.put("hash", hash);
            entry.put("personal_digest", personal);
            entry.put("salt", salt);
            entry.put("source_key", null);
            jdbc.update(fixture.sql("audit.append"), entry);
            jdbc.update(fixture.sql("audit.move_head"), Map.of("tenant", tenant, "seq", seq, "hash", hash,
                    "recorded_at", at));
            return seq;
        });
    }

    /** Reads keys, the cost of {@code requestIds} and the whole trail back with the release's reads. */
    synchronized Seen read(List<String> requestIds) {
        List<String> prefixes = jdbc.query(fixture.sql("key.reload"), Map.of(), (rs, n) -> rs.getString("prefix"));
        List<String> costed = jdbc.query(fixture.sql("ledger.costs"), Map.of("tenant", tenant,
                        "since", Timestamp.from(Instant.now().minusSeconds(3600)),
                        "request_ids", textArray(requestIds.toArray(String[]::new))),
                (rs, n) -> rs.getString("request_id"));
        List<String> actions = jdbc.query(fixture.sql("audit.read"), Map.of("tenant", tenant, "after", 0L,
                "limit", 100_000), (rs, n) -> rs.getString("action"));
        return new Seen(prefixes, costed, actions);
    }

    private Array textArray(String... values) {
        try {
            return connection.createArrayOf("text", values);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
