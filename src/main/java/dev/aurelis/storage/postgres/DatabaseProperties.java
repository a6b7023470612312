package dev.aurelis.storage.postgres;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the system of record lives: {@code url} (from {@code AURELIS_DB_URL}) selects an external PostgreSQL;
 * when it is empty an embedded PostgreSQL keeps its files under {@code dataDir/postgres}. {@code user} owns
 * the schema and runs the migrations. The application's own queries run as the role {@code aurelis_app},
 * which row-level security applies to: by {@code SET ROLE} on the owner's connections, or, when
 * {@code appUser} is given, by logging in as that user (which must be a member of {@code aurelis_app}).
 */
@ConfigurationProperties(prefix = "aurelis.db")
public record DatabaseProperties(String url, String user, String password, Integer embeddedPort, Integer poolSize,
        String appUser, String appPassword, Integer systemPoolSize, Duration connectionTimeout) {

    /**
     * How long a request waits for a pool connection (and a new connection for its sign-in) before it fails, so that
     * a database that is down or hung costs a caller seconds, not the pool's default 30 s.
     */
    public Duration effectiveConnectionTimeout() {
        return connectionTimeout == null || connectionTimeout.isNegative() || connectionTimeout.isZero()
                ? Duration.ofSeconds(3) : connectionTimeout;
    }

    public boolean external() {
        return url != null && !url.isBlank();
    }

    public boolean separateAppLogin() {
        return appUser != null && !appUser.isBlank();
    }

    public int effectivePoolSize() {
        return poolSize == null || poolSize <= 0 ? 16 : poolSize;
    }

    public int effectiveSystemPoolSize() {
        return systemPoolSize == null || systemPoolSize <= 0 ? 4 : systemPoolSize;
    }

    static Path embeddedDirectory(Path dataDir) {
        return dataDir.resolve("postgres");
    }
}
