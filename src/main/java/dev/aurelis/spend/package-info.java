/**
 * What exchanges cost and who may spend more: prices and exact cost, the usage ledger (written by group commit)
 * and its feed, budgets and rate limits reserved before each exchange and settled after it, and the cost and usage
 * reports.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Spend", allowedDependencies = {"tenancy", "storage", "privacy"})
package dev.aurelis.spend;
