/**
 * Budget and rate-limit counters: in memory for one replica, in Redis for several, and their seeding from the
 * ledger, the truth.
 */
package dev.aurelis.spend.counters;
