/**
 * Privacy: secret and personal-data detection, data classification, encryption at rest, retention and erasure.
 * Modules that keep personal data implement {@link dev.aurelis.privacy.PersonalDataStore} and erase their own
 * tables when asked; privacy never touches another module's tables.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy",
        allowedDependencies = {"tenancy", "storage"})
package dev.aurelis.privacy;
