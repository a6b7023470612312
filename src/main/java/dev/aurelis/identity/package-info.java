/** Users and API keys: who is calling, recognised from an in-memory cache of key hashes. */
@org.springframework.modulith.ApplicationModule(displayName = "Identity", allowedDependencies = {"tenancy", "access", "storage", "units", "privacy"})
package dev.aurelis.identity;
