/**
 * Privacy: finds secrets and personal data in what passes through the gateway and decides, by policy, what happens
 * to them (detection, policies, classification, content exclusion); keeps what Aurelis stores encrypted, only as
 * long as allowed, and erasable. The root holds the API; detection, encryption, retention and erasure are
 * internal sub-packages. Settings come in through the API (the configuration module applies them): this module
 * must not depend on configuration or gateway, which depend on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy",
        allowedDependencies = {"tenancy", "storage"})
package dev.aurelis.privacy;
