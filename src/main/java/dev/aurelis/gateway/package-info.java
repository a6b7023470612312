/**
 * The OpenAI- and Anthropic-compatible endpoints and the exchange pipeline that governs each call (hot path). The
 * root holds what the rest of Aurelis may use (the gateway's settings); the endpoints, the pipeline and its wire
 * concerns are internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Gateway",
        allowedDependencies = {"tenancy", "storage", "identity", "access", "routing", "spend", "providers", "providers :: translation", "privacy", "workspaces"})
package dev.aurelis.gateway;
