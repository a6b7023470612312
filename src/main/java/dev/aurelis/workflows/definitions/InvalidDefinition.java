package dev.aurelis.workflows.definitions;

/**
 * A workflow definition that cannot run, with the path of what is wrong: at start, the configuration file's stops
 * Aurelis; through the API, it is refused with 400.
 */
public class InvalidDefinition extends IllegalStateException {

    public InvalidDefinition(String message) {
        super(message);
    }
}
