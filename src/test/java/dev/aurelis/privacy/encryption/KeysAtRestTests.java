package dev.aurelis.privacy.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.cli.AurelisCommand;
import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.privacy.Sealing;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.testing.AccessTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The key hierarchy at rest: rotation makes new values use a new data key under a new key-encryption key, re-wraps
 * the earlier data keys so the old KEK is no longer needed and everything sealed before still opens; the scheduled
 * rotation follows {@code security.key_rotation_days}; the keyring is readable by its owner only and its keys never
 * reach the log; provider credentials are never stored in the database at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeysAtRestTests extends AccessTestBase {

    @Autowired
    Sealing sealing;
    @Autowired
    DataKeys dataKeys;
    @Autowired
    SingletonWork singleton;
    @Autowired
    @SystemDatabase
    DataSource owner;
    @Value("${aurelis.data-dir}")
    String dataDir;

    @Test
    void rotationRewrapsTheDataKeysAndEverythingSealedBeforeStillOpens(CapturedOutput output) throws IOException {
        byte[] first = sealing.seal("first secret".getBytes(StandardCharsets.UTF_8), "test:1");
        String kekBefore = status().get("current_key_encryption_key").asString();

        var rotated = admin("POST", "/api/v1/privacy/keys/rotate", null);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode status = json(rotated.body());
        String kekAfter = status.get("current_key_encryption_key").asString();
        assertThat(kekAfter).isNotEqualTo(kekBefore).startsWith("local:");
        status.get("data_keys").forEach(k -> assertThat(k.get("wrapped_by").asString()).isEqualTo(kekAfter));
        byte[] second = sealing.seal("second secret".getBytes(StandardCharsets.UTF_8), "test:2");
        assertThat(Sealing.keyOf(second)).isNotEqualTo(Sealing.keyOf(first));
        assertThat(Sealing.keyOf(second).toString()).isEqualTo(status.get("active_data_key").asString());
        assertThat(new String(sealing.open(first, "test:1"), StandardCharsets.UTF_8)).isEqualTo("first secret");
        assertThat(new String(sealing.open(second, "test:2"), StandardCharsets.UTF_8)).isEqualTo("second secret");
        assertThatThrownBy(() -> sealing.open(first, "test:2")).as("a value moved to another row").isInstanceOf(IllegalStateException.class);

        // the earlier data key opens with the current KEK alone: it was re-wrapped
        Path keyring = Path.of(dataDir).resolve("keyring");
        UUID oldKey = Sealing.keyOf(first);
        DataKeys onlyCurrent = new DataKeys(owner, new LocalKeyring(keyringWith(keyring, kekAfter)));
        assertThat(onlyCurrent.key(oldKey).getEncoded()).isEqualTo(dataKeys.key(oldKey).getEncoded());
        DataKeys onlyEarlier = new DataKeys(owner, new LocalKeyring(keyringWith(keyring, kekBefore)));
        assertThatThrownBy(() -> onlyEarlier.key(oldKey)).isInstanceOf(IllegalStateException.class);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyring))).isEqualTo("rw-------");
        for (String line : Files.readAllLines(keyring)) {
            if (line.matches("\\d+=.*")) {
                assertThat(output.getAll()).doesNotContain(line.substring(line.indexOf('=') + 1));
            }
        }
    }

    @Test
    void theScheduledRotationFollowsKeyRotationDays() {
        DataProtectionSettings settings = new DataProtectionSettings();
        settings.configure(new DataProtectionSettings.Policy(false, 30, false, null, null));
        UUID active = dataKeys.active();
        KeyRotation now = new KeyRotation(dataKeys, settings, singleton, Optional.of(Clock.systemUTC()));
        KeyRotation in29Days = new KeyRotation(dataKeys, settings, singleton,
                Optional.of(Clock.offset(Clock.systemUTC(), Duration.ofDays(29))));
        KeyRotation in31Days = new KeyRotation(dataKeys, settings, singleton,
                Optional.of(Clock.offset(Clock.systemUTC(), Duration.ofDays(31))));

        assertThat(now.rotateIfDue()).isFalse();
        assertThat(in29Days.rotateIfDue()).isFalse();
        assertThat(dataKeys.active()).isEqualTo(active);
        assertThat(in31Days.rotateIfDue()).isTrue();
        assertThat(dataKeys.active()).isNotEqualTo(active);

        settings.configure(new DataProtectionSettings.Policy(false, 365, false, null, null));
        assertThat(new KeyRotation(dataKeys, settings, singleton,
                Optional.of(Clock.offset(Clock.systemUTC(), Duration.ofDays(31)))).rotateIfDue()).isFalse();
    }

    @Test
    void theCommandLineShowsAndRotatesTheKeys() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AurelisCommand.run(new String[] {"keys-at-rest", "status", "--url", baseUrl(), "--admin-key",
                ADMIN_KEY}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Key manager local").contains("DATA KEY");

        StringWriter rotated = new StringWriter();
        exit = AurelisCommand.run(new String[] {"keys-at-rest", "rotate", "--url", baseUrl(), "--admin-key", ADMIN_KEY,
                "-o", "json"}, new PrintWriter(rotated, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(json(rotated.toString()).get("current_key_encryption_key").asString()).startsWith("local:");
    }

    @Test
    void providerCredentialsAreNeverStoredInTheDatabase() {
        // the configuration names them (from the file or the environment); nothing writes them to a table
        assertThat(tablesHolding("sk-upstream-openai")).isEmpty();
        assertThat(tablesHolding("sk-upstream-anthropic")).isEmpty();
    }

    private JsonNode status() {
        var response = admin("GET", "/api/v1/privacy/keys", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** A copy of the keyring holding only the key-encryption key {@code kekId}. */
    private static Path keyringWith(Path keyring, String kekId) throws IOException {
        String version = kekId.substring("local:".length());
        StringBuilder text = new StringBuilder("current=" + version + "\n");
        for (String line : Files.readAllLines(keyring)) {
            if (line.startsWith(version + "=")) {
                text.append(line).append('\n');
            }
        }
        Path copy = Files.createTempFile("keyring", ".copy");
        Files.writeString(copy, text);
        return copy;
    }

    private List<String> tablesHolding(String text) {
        JdbcClient db = JdbcClient.create(owner);
        List<Map<String, Object>> columns = db.sql("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                  and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'bytea')
                """).query().listOfRows();
        List<String> found = new ArrayList<>();
        for (Map<String, Object> c : columns) {
            String column = "\"" + c.get("column_name") + "\"";
            String value = "bytea".equals(c.get("data_type")) ? "encode(" + column + ", 'escape')" : column + "::text";
            long n = db.sql("select count(*) from \"" + c.get("table_name") + "\" where strpos(" + value + ", ?) > 0")
                    .param(text).query(Long.class).single();
            if (n > 0) {
                found.add(c.get("table_name") + "." + c.get("column_name"));
            }
        }
        return found;
    }
}
