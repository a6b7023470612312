/**
 * Translation between the vendors' wire formats: {@link dev.aurelis.providers.translation.Translations} is the
 * entry point. Exposed as a named interface so the gateway can translate the exchanges it routes.
 */
@org.springframework.modulith.NamedInterface("translation")
package dev.aurelis.providers.translation;
