/**
 * The web console at {@code /console}: server-rendered pages (Thymeleaf, htmx, charts from WebJars) for people signed
 * in through the sign-in pages, each scoped by the caller's roles. An edge: no business rules, it calls module APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web console",
        allowedDependencies = {"identity", "access", "spend", "tenancy", "routing", "configuration", "analytics", "api",
                "workflows"})
package dev.aurelis.console;
