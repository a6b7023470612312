package dev.aurelis.workflows.definitions;

import dev.aurelis.configuration.ConfigurationLoader;
import dev.aurelis.configuration.ConfigurationProblem;
import dev.aurelis.configuration.InvalidConfigurationException;
import dev.aurelis.configuration.WorkflowDefinition;
import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.workflows.WorkflowDefinitionChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Workflow definitions written through the admin API: each is read and checked by the code that reads the
 * configuration file's ({@link ConfigurationLoader#bindSection}, then {@link WorkflowCatalog#check}), stored with a
 * version, and published as {@link WorkflowDefinitionChanged} in the same transaction (the audit trail records it).
 * Once that commits, the catalog is rebuilt from the table; other replicas notice the change by polling its latest
 * time, off the webhook path. The file's definitions cannot be changed here.
 */
@Component
public class StoredDefinitions {

    private static final Logger log = LoggerFactory.getLogger(StoredDefinitions.class);
    /** Names that are safe in a URL, an account's address and a check run's name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** A change refused for the state it found: {@code status} 409 (taken, stale, the file's) or 428 (no version). */
    public static final class Refused extends RuntimeException {

        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final WorkflowCatalog catalog;
    private final DefinitionStore store;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private volatile Instant loadedThrough;

    StoredDefinitions(WorkflowCatalog catalog, DefinitionStore store, TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.catalog = catalog;
        this.store = store;
        this.transaction = transaction;
        this.events = events;
    }

    /**
     * Defines a new workflow from {@code text} (YAML or JSON in the brief's shape, with {@code repositories}).
     *
     * @throws IllegalArgumentException naming each problem of the definition
     * @throws Refused                  409 when the name is taken
     */
    public StoredWorkflow create(String text, String actor) {
        Parsed parsed = parse(text, null);
        String name = parsed.workflow().name();
        refuseFileDefinition(name);
        return TenantContext.call(catalog.tenant(), () -> transaction.execute(status -> {
            DefinitionStore.Row row = store.insert(catalog.tenant().value(), name, parsed.stored(), actor)
                    .orElseThrow(() -> new Refused(409, "A workflow named '" + name + "' is defined already (version "
                            + store.find(catalog.tenant().value(), name).map(DefinitionStore.Row::version).orElse(0L)
                            + "); change it with PUT /api/v1/workflows/definitions/" + name + "."));
            publish(parsed.workflow(), "created", row.version(), actor);
            return stored(parsed.workflow(), row);
        }));
    }

    /**
     * Replaces a workflow's definition, if it is still at {@code version} (from {@code If-Match}, or the body's
     * {@code version}).
     *
     * @throws Refused 409 when it is at another version, 428 when no version is named
     */
    public StoredWorkflow update(String name, String text, Long version, String actor) {
        refuseFileDefinition(name);
        Parsed parsed = parse(text, name);
        Long expected = version != null ? version : parsed.version();
        if (expected == null) {
            long current = current(name);
            throw new Refused(428, "Say which version of '" + name + "' you changed: send the header If-Match: \""
                    + current + "\" or \"version\": " + current + " in the body (GET shows the current one), so that "
                    + "nobody's change is overwritten unseen.");
        }
        return TenantContext.call(catalog.tenant(), () -> transaction.execute(status -> {
            DefinitionStore.Row row = store.update(catalog.tenant().value(), name, expected, parsed.stored(), actor)
                    .orElseThrow(() -> stale(name, expected));
            publish(parsed.workflow(), "updated", row.version(), actor);
            return stored(parsed.workflow(), row);
        }));
    }

    /**
     * Deletes a workflow defined through the API; with {@code version}, only if it is still at it. Runs already
     * started finish with the steps they were started with.
     */
    public void delete(String name, Long version, String actor) {
        refuseFileDefinition(name);
        TenantContext.run(catalog.tenant(), () -> transaction.executeWithoutResult(status -> {
            long deleted = store.delete(catalog.tenant().value(), name, version, actor)
                    .orElseThrow(() -> stale(name, version));
            events.publishEvent(new WorkflowDefinitionChanged(catalog.tenant().value(), name, "deleted", deleted,
                    actor, List.of(), List.of(), null, null, List.of()));
        }));
    }

    private RuntimeException stale(String name, Long expected) {
        Optional<DefinitionStore.Row> now = store.find(catalog.tenant().value(), name);
        if (now.isEmpty()) {
            return new NoSuchElementException("No workflow defined through the API is named '" + name + "'.");
        }
        return new Refused(409, "'" + name + "' is at version " + now.get().version() + ", not " + expected
                + ": it was changed since you read it (by " + now.get().updatedBy() + "). Read it again and make your "
                + "change on that version.");
    }

    private long current(String name) {
        return catalog.stored(name).map(StoredWorkflow::version)
                .orElseThrow(() -> new NoSuchElementException("No workflow defined through the API is named '" + name + "'."));
    }

    private void refuseFileDefinition(String name) {
        if (catalog.configured(name)) {
            throw new Refused(409, "The workflow '" + name + "' is defined in the configuration file "
                    + "(integrations.workflows.definitions) and is managed there; change the file, or define a "
                    + "workflow of another name through the API.");
        }
    }

    private void publish(Workflow w, String change, long version, String actor) {
        events.publishEvent(new WorkflowDefinitionChanged(catalog.tenant().value(), w.name(), change, version, actor,
                w.triggers().stream().map(Trigger::key).sorted().toList(),
                w.steps().stream().map(s -> s.name() + ": " + s.action().key()
                        + (s.model() == null ? "" : " (" + s.model() + ")")).toList(),
                w.project(), w.budget(), w.repositories()));
    }

    private static StoredWorkflow stored(Workflow workflow, DefinitionStore.Row row) {
        return new StoredWorkflow(workflow, row.version(), row.createdBy(), row.createdAt(), row.updatedBy(),
                row.updatedAt());
    }

    /** A definition as sent: checked, as it is stored (without its version), and the version it names. */
    private record Parsed(Workflow workflow, String stored, Long version) {
    }

    /**
     * Reads and checks a definition; {@code name} (for an update) fills in a missing name and refuses another.
     *
     * @throws IllegalArgumentException naming each problem by its path in the definition
     */
    private Parsed parse(String text, String name) {
        try {
            ObjectNode tree = ConfigurationLoader.readSection(text);
            Long version = null;
            JsonNode v = tree.remove("version");
            if (v != null && !v.isNull()) {
                if (!v.isIntegralNumber() || v.asLong() < 1) {
                    throw new IllegalArgumentException("version: must be the whole number of the version you changed");
                }
                version = v.asLong();
            }
            if (name != null) {
                JsonNode given = tree.get("name");
                if (given == null || given.isNull()) {
                    tree.put("name", name);
                } else if (!given.asString().equals(name)) {
                    throw new IllegalArgumentException("name: a workflow cannot be renamed ('" + given.asString()
                            + "' is not '" + name + "'); define one of the new name and delete this one.");
                }
            }
            JsonNode boundTo = tree.remove("repositories");
            List<String> repositories = new ArrayList<>();
            if (boundTo != null && !boundTo.isNull()) {
                if (!boundTo.isArray()) {
                    throw new IllegalArgumentException("repositories: must be a list of configured repositories "
                            + "(owner/name)");
                }
                boundTo.forEach(r -> repositories.add(r.isString() ? r.asString() : null));
            }
            WorkflowDefinition definition = ConfigurationLoader.bindSection(tree, WorkflowDefinition.class);
            if (!NAME.matcher(definition.name()).matches()) {
                throw new IllegalArgumentException("name: '" + definition.name() + "' must be 1 to 63 lower-case "
                        + "letters, digits, '_' or '-', starting with a letter or digit");
            }
            Workflow workflow = catalog.check(definition, repositories);
            if (boundTo != null) {
                tree.set("repositories", boundTo);
            }
            return new Parsed(workflow, tree.toString(), version);
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("Invalid workflow definition: " + e.problems().stream()
                    .map(ConfigurationProblem::toString).collect(Collectors.joining("; ")));
        } catch (InvalidDefinition e) {
            throw new IllegalArgumentException("Invalid workflow definition: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the catalog follows the table

    @EventListener(ApplicationStartedEvent.class)
    void load() {
        try {
            reload();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e;
            }
            log.warn("Workflow definitions from the API not loaded yet: the database does not answer ({}); they are "
                    + "loaded once it does", DatabaseFailures.reason(e));
        }
    }

    /** This replica's change committed: the catalog takes it at once. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(WorkflowDefinitionChanged event) {
        if (event.tenantId().equals(catalog.tenant().value())) {
            reload();
        }
    }

    /** Another replica's change: noticed by the table's latest change time, a cheap query off the webhook path. */
    @Scheduled(initialDelayString = "${aurelis.workflows.definitions-refresh:5s}",
            fixedDelayString = "${aurelis.workflows.definitions-refresh:5s}")
    void poll() {
        try {
            Instant latest = TenantContext.call(catalog.tenant(), () -> store.latestChange(catalog.tenant().value()));
            if (latest != null && (loadedThrough == null || latest.isAfter(loadedThrough))) {
                reload();
            }
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e;
            }
            log.warn("Workflow definitions not refreshed: the database does not answer ({}); the ones in memory stay",
                    DatabaseFailures.reason(e));
        }
    }

    /**
     * Reads every live definition again and gives the catalog those that still check (the configuration may have
     * changed under one since it was stored: it is then left out, with a warning, rather than stopping anything).
     */
    synchronized void reload() {
        TenantContext.run(catalog.tenant(), () -> {
            Instant through = store.latestChange(catalog.tenant().value());
            List<StoredWorkflow> workflows = new ArrayList<>();
            for (DefinitionStore.Row row : store.live(catalog.tenant().value())) {
                if (catalog.configured(row.name())) {
                    log.warn("The workflow '{}' defined through the API is now also defined in the configuration file; "
                            + "the file's definition applies", row.name());
                    continue;
                }
                try {
                    workflows.add(stored(parse(row.definition(), row.name()).workflow(), row));
                } catch (IllegalArgumentException e) {
                    log.warn("The workflow '{}' (version {}) defined through the API no longer checks and is left out: {}",
                            row.name(), row.version(), e.getMessage());
                }
            }
            catalog.replaceStored(workflows);
            loadedThrough = through;
        });
    }
}
