package dev.aurelis.storage;

/**
 * Names the tenant whose rows the current thread may see; the primary DataSource hands it to PostgreSQL on
 * every connection it gives out. Implemented by the tenancy module's current-tenant context.
 */
@FunctionalInterface
public interface TenantBinding {

    /** The PostgreSQL setting row-level security policies compare {@code tenant_id} with. */
    String SETTING = "aurelis.tenant_id";

    /** The current tenant id, or null when the thread acts for no tenant (then no tenant row is visible). */
    String currentTenant();
}
