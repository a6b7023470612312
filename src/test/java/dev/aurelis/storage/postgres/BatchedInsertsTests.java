package dev.aurelis.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.AurelisApplication;
import dev.aurelis.storage.WriterConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A batch of inserts reaches the database as multi-row statements (ADR 0090), on the application's pooled connections
 * (the audit trail's appends) and on the ledger writer's own: one statement per row cost the database most of what a
 * usage record and an audit entry cost it. The driver answers a rewritten batch with "success, count unknown" for
 * each row, and with a count of one per row when it sent a statement per row; every row is stored either way.
 */
@SpringBootTest(classes = AurelisApplication.class, properties = "aurelis.config=")
class BatchedInsertsTests {

    @Autowired
    DataSource pooled;

    @Autowired
    WriterConnections writer;

    @Test
    void theApplicationsPooledConnectionsSendABatchOfInsertsAsOneStatement() throws SQLException {
        try (Connection connection = pooled.getConnection()) {
            assertInsertedAsMultiRowStatements(connection);
        }
    }

    @Test
    void theLedgerWritersConnectionSendsABatchOfInsertsAsOneStatement() throws SQLException {
        try (Connection connection = writer.open()) {
            assertInsertedAsMultiRowStatements(connection);
        }
    }

    private static void assertInsertedAsMultiRowStatements(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create temporary table batch_probe (n int primary key) on commit preserve rows");
        }
        try {
            int[] counts;
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into batch_probe (n) values (?) on conflict do nothing")) {
                for (int n = 1; n <= 5; n++) {
                    insert.setInt(1, n);
                    insert.addBatch();
                }
                insert.setInt(1, 5); // a duplicate in the same batch is still skipped, not a failure
                insert.addBatch();
                counts = insert.executeBatch();
            }
            assertThat(counts).hasSize(6).containsOnly(Statement.SUCCESS_NO_INFO);
            try (Statement query = connection.createStatement();
                    ResultSet rs = query.executeQuery("select count(*), sum(n) from batch_probe")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5);
                assertThat(rs.getInt(2)).isEqualTo(15);
            }
        } finally {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table batch_probe");
            }
        }
    }
}
