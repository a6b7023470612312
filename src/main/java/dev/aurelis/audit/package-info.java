/**
 * The audit trail: every administrative change, sign-in, refusal and gateway exchange recorded from the modules'
 * events and the usage ledger's feed, append-only and hash-chained per tenant with signed checkpoints; reading,
 * verification, export and real-time streaming to SIEMs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit",
        allowedDependencies = {"tenancy", "storage", "identity", "access", "spend", "configuration", "gateway", "privacy", "workspaces", "routing"})
package dev.aurelis.audit;
