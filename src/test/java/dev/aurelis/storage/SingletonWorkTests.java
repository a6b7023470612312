package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.aurelis.testing.TestDatabase;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Singleton work runs on one replica at a time: while one holds the lock another skips its turn, and when the holder
 * finishes (or its process and connection die) the next one that tries takes over.
 */
class SingletonWorkTests {

    private HikariDataSource first;
    private HikariDataSource second;

    @BeforeEach
    void twoReplicas() {
        String url = TestDatabase.createDatabase("aurelis_singleton_" + UUID.randomUUID().toString().replace("-", ""));
        first = pool(url);
        second = pool(url);
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(2);
        return pool;
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void onlyOneReplicaRunsTheWorkAndTheOtherTakesOverWhenItEnds() throws Exception {
        SingletonWork replicaA = new SingletonWork(first);
        SingletonWork replicaB = new SingletonWork(second);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> replicaA.runIfFree("rollups", () -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        boolean[] ranOnB = {false};
        assertThat(replicaB.runIfFree("rollups", () -> ranOnB[0] = true)).isFalse();
        assertThat(ranOnB[0]).isFalse();
        assertThat(replicaB.runIfFree("retention", () -> ranOnB[0] = true)).as("other work is not held").isTrue();

        release.countDown();
        assertThat(a.get(30, TimeUnit.SECONDS)).isTrue();
        ranOnB[0] = false;
        assertThat(replicaB.runIfFree("rollups", () -> ranOnB[0] = true)).isTrue();
        assertThat(ranOnB[0]).isTrue();
    }

    @Test
    void aReplicaThatDiesHandsTheWorkOverWithItsConnection() throws Exception {
        SingletonWork replicaA = new SingletonWork(first);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> {
            try {
                replicaA.runIfFree("rollups", () -> {
                    running.countDown();
                    first.close(); // the process dies: its connections close under the work
                });
            } catch (RuntimeException expected) {
                // its unlock fails with the connection gone
            }
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        SingletonWork replicaB = new SingletonWork(second);
        boolean took = false;
        for (int attempt = 0; attempt < 200 && !took; attempt++) {
            took = replicaB.runIfFree("rollups", () -> { });
            if (!took) {
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        assertThat(took).isTrue();
    }
}
