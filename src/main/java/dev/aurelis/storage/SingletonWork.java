package dev.aurelis.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Runs scheduled work on one replica at a time: the work runs only while this process holds a PostgreSQL session
 * advisory lock named after it, on a connection kept for the duration. Another replica that tries meanwhile skips
 * its turn; if the holder dies, its connection closes and the lock passes to the next replica that tries.
 */
@Component
public class SingletonWork {

    /** The first half of every lock key, so these locks stay apart from any other use of advisory locks. */
    private static final int NAMESPACE = 0x41555231; // "AUR1"

    private final DataSource dataSource;

    SingletonWork(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} if no replica runs the work named {@code name} now; says whether it ran. */
    public boolean runIfFree(String name, Runnable work) {
        int key = key(name);
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "select pg_try_advisory_lock(?, ?)", key)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                call(connection, "select pg_advisory_unlock(?, ?)", key);
            }
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Could not take the lock of '" + name + "'", e);
        }
    }

    private static boolean call(Connection connection, String sql, int key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static int key(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
