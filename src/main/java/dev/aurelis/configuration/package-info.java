/** Loads, validates and declaratively applies the enterprise YAML configuration file. */
@org.springframework.modulith.ApplicationModule(displayName = "Configuration", allowedDependencies = {})
package dev.aurelis.configuration;
