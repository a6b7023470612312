package dev.aurelis.routing;

/** An organisation's own models or model variants changed: what is held in memory for it is read again. */
public interface CustomModelChanged {

    String tenantId();

    String name();

    String actor();
}
