package dev.aurelis.compliance.controls;

import dev.aurelis.compliance.ControlResult;
import dev.aurelis.compliance.Framework;
import java.util.List;
import java.util.Map;

/**
 * One control of the catalogue: what it asserts, the clauses of each framework it supports (a framework it does not
 * name does not include it), and how it is evaluated from the deployment's configuration and records.
 */
public interface Control {

    String id();

    String title();

    Map<Framework, List<String>> references();

    ControlResult evaluate(Scope scope);

    default boolean appliesTo(Framework framework) {
        return references().containsKey(framework);
    }
}
