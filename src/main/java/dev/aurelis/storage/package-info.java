/** The PostgreSQL connection: an external server when configured, otherwise an embedded one under the data directory. */
@org.springframework.modulith.ApplicationModule(displayName = "Storage", allowedDependencies = {}, type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.aurelis.storage;
