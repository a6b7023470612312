/** Upstream model providers: their catalogue, pooled HTTP connections and translation between wire formats. */
@org.springframework.modulith.ApplicationModule(displayName = "Providers", allowedDependencies = {"configuration"})
package dev.aurelis.providers;
