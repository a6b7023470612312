package dev.aurelis.routing;

import dev.aurelis.providers.Deployment;
import dev.aurelis.routing.health.DeploymentHealth;

/** One call to one deployment within an exchange, numbered from 1. Its outcome is reported through {@link Attempts}. */
public final class Attempt {

    private final int number;
    private final RoutePlan.Step step;
    final DeploymentHealth health;
    final DeploymentHealth.Permit permit;
    boolean reported;

    Attempt(int number, RoutePlan.Step step, DeploymentHealth health, DeploymentHealth.Permit permit) {
        this.number = number;
        this.step = step;
        this.health = health;
        this.permit = permit;
    }

    public int number() {
        return number;
    }

    public Deployment deployment() {
        return step.deployment();
    }

    /** The deployment's role in the plan, e.g. {@code fallback}. */
    public String why() {
        return step.why();
    }

    /** {@code provider/model}. */
    public String key() {
        return step.key();
    }
}
