/**
 * The database every module stores in: PostgreSQL (external, or embedded under the data directory), the tenant
 * each connection acts for under row-level security, the schema owner's connections for the few cross-tenant
 * components, and work deferred until a transaction commits.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage", allowedDependencies = {})
package dev.aurelis.storage;
