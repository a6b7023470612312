/** The health of each deployment: circuit breaker, error rate, latency percentiles, and their metrics. */
package dev.aurelis.routing.health;
