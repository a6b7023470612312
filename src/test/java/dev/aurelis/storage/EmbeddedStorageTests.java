package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aurelis.AurelisApplication;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.IssuedKey;
import dev.aurelis.identity.KeyRequest;
import dev.aurelis.access.Grantor;
import dev.aurelis.storage.postgres.EmbeddedDatabase;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With no database configured, Aurelis runs its own PostgreSQL whose data survives a restart, whose commits are on
 * disk when they return, and which no second server on the same data directory can disturb.
 */
class EmbeddedStorageTests {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(AurelisApplication.class).run(
                "--server.port=0", "--aurelis.data-dir=" + dataDir, "--aurelis.db.url=", "--aurelis.config=",
                "--aurelis.bootstrap-admin-key=aur-embedded-storage-test-admin-key");
    }

    @Test
    void keepsItsDataUnderTheDataDirectoryAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("aurelis-embedded");
        IssuedKey issued;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            ApiKeys keys = first.getBean(ApiKeys.class);
            issued = TenantContext.call(TenantId.of("default"), () -> keys.issue(new KeyRequest(TenantId.of("default"),
                    "persist@example.com", "engineering", null, null, null, List.of()), Grantor.system("test")));
            assertThat(first.getBean(EmbeddedDatabase.class).running()).isTrue();

            // a second server on the same data directory is refused, and leaves the first one's database alone
            Throwable second = catchThrowable(() -> start(dataDir).close());
            assertThat(second).hasStackTraceContaining("Another Aurelis server is running with its database in");
            keys.reload(); // reads the database again
            assertThat(keys.authenticate(issued.key()).accepted()).isTrue();
        }
        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = start(dataDir)) {
            var check = second.getBean(ApiKeys.class).authenticate(issued.key());
            assertThat(check.accepted()).isTrue();
            assertThat(check.caller().email()).isEqualTo("persist@example.com");
            // the bootstrap key was installed once, not again on the second start
            ApiKeys keys = second.getBean(ApiKeys.class);
            assertThat(TenantContext.call(TenantId.of("default"),
                    () -> keys.list(TenantId.of("default"), "admin@aurelis.local", null, true))).hasSize(1);
        }
    }

    @Test
    void listensOnLoopbackOnlyAndAsksEveryConnectionForAPasswordKeptInTheDataDirectory() throws Exception {
        Path dataDir = Files.createTempDirectory("aurelis-embedded-password");
        Path passwordFile = dataDir.resolve("postgres.password");
        int port;
        String first;
        try (ConfigurableApplicationContext server = start(dataDir)) {
            try (var connection = server.getBean(javax.sql.DataSource.class).getConnection();
                    var rs = connection.createStatement().executeQuery(
                            "select current_setting('listen_addresses'), inet_server_port(),"
                                    + " current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("localhost");
                port = rs.getInt(2);
                // a commit is on disk when it returns, as docs/operations.md promises (the library's defaults are off)
                assertThat(rs.getString(3)).isEqualTo("on");
                assertThat(rs.getString(4)).isEqualTo("on");
            }
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            first = Files.readString(passwordFile).strip();
            assertThat(first).hasSizeGreaterThanOrEqualTo(40);
            String url = "jdbc:postgresql://localhost:" + port + "/aurelis";
            assertThat(catchThrowable(() -> java.sql.DriverManager.getConnection(url, "postgres", "")))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(catchThrowable(() -> java.sql.DriverManager.getConnection(url, "postgres", "wrong")))
                    .isInstanceOf(java.sql.SQLException.class);
            try (var connection = java.sql.DriverManager.getConnection(url, "postgres", first)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }

        // a lost password file (or a cluster from before there was one): the next start sets a new one
        Files.delete(passwordFile);
        try (ConfigurableApplicationContext server = start(dataDir)) {
            String second = Files.readString(passwordFile).strip();
            assertThat(second).isNotEqualTo(first);
            String url = "jdbc:postgresql://localhost:" + port + "/aurelis";
            int now;
            try (var connection = server.getBean(javax.sql.DataSource.class).getConnection();
                    var rs = connection.createStatement().executeQuery("select inet_server_port()")) {
                rs.next();
                now = rs.getInt(1);
            }
            String current = "jdbc:postgresql://localhost:" + now + "/aurelis";
            assertThat(catchThrowable(() -> java.sql.DriverManager.getConnection(current, "postgres", first)))
                    .isInstanceOf(java.sql.SQLException.class);
            try (var connection = java.sql.DriverManager.getConnection(current, "postgres", second)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }
}
