/**
 * The database every module stores in: PostgreSQL (external, or embedded under the data directory), the tenant
 * each connection acts for under row-level security, the schema owner's connections for the few cross-tenant
 * components, work deferred until a transaction commits, scheduled work on one replica at a time, and the scheduler
 * for bulk background work ({@link dev.aurelis.storage.BackgroundWork}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage", allowedDependencies = {})
package dev.aurelis.storage;
