package dev.aurelis.providers;

/** A model a provider serves: the name clients ask for and the provider's own id for it. */
public record ModelDeployment(String name, String id, Integer contextWindow, boolean embeddings) {
}
