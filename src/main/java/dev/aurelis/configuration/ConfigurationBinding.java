package dev.aurelis.configuration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that reads settings only to load, check or describe them. Its reads do not count as acting on a
 * setting (see {@link NotYetEnforced}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface ConfigurationBinding {
}
