package dev.aurelis.access;

/** An event after which callers' grants may differ: caches built from roles and bindings reload. */
public interface AccessChanged {

    String tenantId();
}
