package dev.aurelis.configuration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a setting that Aurelis accepts but no code acts on yet. When the file sets it, start-up warns, and
 * {@code GET /api/v1/configuration/status} and {@code aurelis config check} list it as "accepted, not yet enforced".
 * On a section, list or map it covers everything inside. {@code ConfigurationEnforcementTests} derives from the
 * bytecode which settings are read and fails when a setting nothing reads lacks this marker, or when a marked one is
 * read: the capability that starts acting on a setting removes its marker.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface NotYetEnforced {

    /** The capability (module) expected to act on the setting, e.g. {@code privacy}. */
    String value();
}
