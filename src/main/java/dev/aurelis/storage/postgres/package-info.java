/**
 * The PostgreSQL server and its connection pools: an external server or an embedded one under the data directory,
 * the schema owner's connections and the restricted application role's, which row-level security filters.
 */
package dev.aurelis.storage.postgres;
