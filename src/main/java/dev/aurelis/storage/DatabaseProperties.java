package dev.aurelis.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the system of record lives: {@code url} (from {@code AURELIS_DB_URL}) selects an external PostgreSQL;
 * when it is empty an embedded PostgreSQL keeps its files under {@code dataDir/postgres}.
 */
@ConfigurationProperties(prefix = "aurelis.db")
public record DatabaseProperties(String url, String user, String password, Integer embeddedPort, Integer poolSize) {

    public boolean external() {
        return url != null && !url.isBlank();
    }

    public int effectivePoolSize() {
        return poolSize == null || poolSize <= 0 ? 16 : poolSize;
    }

    static Path embeddedDirectory(Path dataDir) {
        return dataDir.resolve("postgres");
    }
}
