/** Upstream model providers: their catalogue, pooled HTTP connections and translation between wire formats. */
@org.springframework.modulith.ApplicationModule(displayName = "Providers", allowedDependencies = {})
package dev.aurelis.providers;
