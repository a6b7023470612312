/**
 * The Java client of the Aurelis admin API: {@link dev.aurelis.client.AurelisClient} and one part per area of the
 * API (keys, usage, budgets, reports, analytics, workspaces). It depends on the JDK's HTTP client and Jackson only,
 * never on the server's classes, so that it can be shipped on its own ({@code aurelis-client-<version>.jar}).
 */
package dev.aurelis.client;
