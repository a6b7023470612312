/** Prices, exact cost and the usage ledger written by group commit. */
@org.springframework.modulith.ApplicationModule(displayName = "Spend", allowedDependencies = {"tenancy", "storage"})
package dev.aurelis.spend;
