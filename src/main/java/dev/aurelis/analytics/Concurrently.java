package dev.aurelis.analytics;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs the independent parts of one report at the same time, each on a virtual thread acting for the caller's
 * tenant, so a report waits for its slowest part instead of the sum of them (each part is a read the database
 * answers on its own connection). The number of parts is fixed by the report's code, never by its input; how many
 * reads reach the database at once is bounded where they are made ({@code RollupReader}). A part's exception is
 * rethrown as it was thrown, so bad input still answers 400.
 */
final class Concurrently implements AutoCloseable {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final TenantId tenant = TenantContext.current().orElse(null);

    /** A part of the report, started now. */
    <T> Part<T> start(Supplier<T> work) {
        return new Part<>(threads.submit(() -> tenant == null ? work.get() : TenantContext.call(tenant, work)));
    }

    /** Waits for every part still running (an unread part's failure is not lost: its join rethrows it). */
    @Override
    public void close() {
        threads.close();
    }

    /** A part's answer once it is done. */
    static final class Part<T> {
        private final Future<T> future;

        private Part(Future<T> future) {
            this.future = future;
        }

        T join() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while a report was being computed", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
