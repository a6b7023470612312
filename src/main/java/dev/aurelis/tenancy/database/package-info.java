/** Hands the current tenant to the database layer, whose row-level security shows only that tenant's rows. */
package dev.aurelis.tenancy.database;
