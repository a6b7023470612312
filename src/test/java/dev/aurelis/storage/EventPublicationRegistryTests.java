package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Listeners that record or react receive every event through the JDBC event publication registry: a listener
 * that fails leaves its publication incomplete in the database, and resubmission (as on a restart) delivers it.
 */
@SpringBootTest(classes = AurelisApplication.class, properties = "aurelis.config=")
@ContextConfiguration(initializers = TestDatabase.class)
@Import(EventPublicationRegistryTests.Listening.class)
class EventPublicationRegistryTests {

    record ThingHappened(String tenantId, String what) {
    }

    static class FlakyListener {
        final AtomicBoolean failing = new AtomicBoolean(true);
        final AtomicInteger received = new AtomicInteger();

        @ApplicationModuleListener
        void on(ThingHappened event) {
            if (failing.get()) {
                throw new IllegalStateException("the listener's destination is down");
            }
            received.incrementAndGet();
        }

        // Accessors, not fields: the bean is a proxy (its listener method runs asynchronously).
        int received() {
            return received.get();
        }

        void recover() {
            failing.set(false);
        }
    }

    @TestConfiguration
    static class Listening {
        @Bean
        FlakyListener flakyListener() {
            return new FlakyListener();
        }
    }

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    FlakyListener listener;
    @Autowired
    IncompleteEventPublications incomplete;
    @Autowired
    @SystemDatabase
    javax.sql.DataSource system;

    @Test
    void aFailedListenerKeepsItsPublicationAndReceivesItOnResubmission() {
        transactions.executeWithoutResult(status -> events.publishEvent(new ThingHappened("t1", "key issued")));

        JdbcClient db = JdbcClient.create(system);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.sql(
                "select count(*) from event_publication where completion_date is null and status = 'FAILED'")
                .query(Long.class).single() == 1);
        assertThat(listener.received()).isZero();

        listener.recover();
        incomplete.resubmitIncompletePublications(publication -> true);

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.received() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("select count(*) from event_publication")
                .query(Long.class).single() == 0);
    }
}
