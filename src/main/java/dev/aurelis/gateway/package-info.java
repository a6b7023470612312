/** The OpenAI- and Anthropic-compatible endpoints and the exchange pipeline that governs each call (hot path). */
@org.springframework.modulith.ApplicationModule(displayName = "Gateway")
package dev.aurelis.gateway;
