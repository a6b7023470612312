package dev.aurelis.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Selects the system DataSource: the schema owner's connections, which row-level security does not filter.
 * Only migrations and the few components that must work across tenants use it (see ADR 0008); everything
 * else uses the primary DataSource, whose connections only see the current tenant's rows.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface SystemDatabase {
}
