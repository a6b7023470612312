/** The usage ledger's storage: its settings, row mapping and monthly partitions. */
package dev.aurelis.spend.ledger;
