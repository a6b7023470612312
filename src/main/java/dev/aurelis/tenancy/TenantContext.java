package dev.aurelis.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenant the current thread acts for. Database connections handed out while it is set see only that
 * tenant's rows (PostgreSQL row-level security); with none set they see no tenant rows at all. Admin API
 * requests act for their caller's tenant; background work names the tenant explicitly.
 */
public final class TenantContext {

    private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The current tenant, or an exception naming the missing context. */
    public static TenantId require() {
        TenantId tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant is set for this thread; wrap the work in TenantContext.run");
        }
        return tenant;
    }

    /**
     * Acts for {@code tenant} until the returned handle is closed, then for the previous tenant again. A
     * transaction keeps the connection it started with, so switching to another tenant inside one is refused.
     */
    public static Bound open(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantId previous = CURRENT.get();
        if (!tenant.equals(previous) && TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Cannot act for tenant '" + tenant + "' inside a transaction begun for "
                    + (previous == null ? "no tenant" : "tenant '" + previous + "'"));
        }
        CURRENT.set(tenant);
        return new Bound(previous);
    }

    public static void run(TenantId tenant, Runnable work) {
        try (Bound ignored = open(tenant)) {
            work.run();
        }
    }

    public static <T> T call(TenantId tenant, Supplier<T> work) {
        try (Bound ignored = open(tenant)) {
            return work.get();
        }
    }

    /** Restores the previous tenant when closed. */
    public static final class Bound implements AutoCloseable {
        private final TenantId previous;

        private Bound(TenantId previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
