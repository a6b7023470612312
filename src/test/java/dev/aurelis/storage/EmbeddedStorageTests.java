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
 * With no database configured, Aurelis runs its own PostgreSQL whose data survives a restart, and which no second
 * server on the same data directory can disturb.
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
}
