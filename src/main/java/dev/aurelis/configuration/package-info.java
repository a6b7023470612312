/**
 * Loads and validates the enterprise YAML configuration file and applies what it declares to every module
 * at start, declaratively (the same file applied twice changes nothing).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Configuration",
        allowedDependencies = {"tenancy", "access", "identity", "providers", "spend", "gateway", "routing", "analytics", "units", "privacy",
                "operations", "workspaces"})
package dev.aurelis.configuration;
