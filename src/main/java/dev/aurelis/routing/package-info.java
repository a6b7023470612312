/**
 * Which deployment serves an exchange: task detection, model aliases and load balancing, the routing strategies,
 * data residency, and the failure handling around each attempt (retries, circuit breakers, fallback chains).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Routing", allowedDependencies = {"providers", "spend", "tenancy", "storage", "identity"})
package dev.aurelis.routing;
