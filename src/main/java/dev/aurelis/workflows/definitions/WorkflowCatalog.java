package dev.aurelis.workflows.definitions;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.Integrations;
import dev.aurelis.configuration.ScmConnection;
import dev.aurelis.configuration.WorkflowDefinition;
import dev.aurelis.configuration.WorkflowRepository;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The workflows and repositories {@code integrations.workflows} defines, checked once at start: every step names a
 * known action, custom steps only where {@code custom_workflows} allows them, approval steps only where
 * {@code approval_processes} does, every repository's workflows exist.
 * With no definitions, the brief's {@code enterprise_code_review} applies. Beside them, the definitions written
 * through the admin API, checked by the same code and held here in memory: {@link StoredDefinitions} replaces them
 * after each change and when another replica made one, so a webhook delivery never reads them from the database.
 */
@Component
public class WorkflowCatalog {

    private final Integrations.Workflows settings;
    private final Integrations.Cicd cicd;
    private final TenantId tenant;
    private final Map<String, Workflow> workflows = new LinkedHashMap<>();
    private final Map<String, RepositoryBinding> repositories = new LinkedHashMap<>();
    /** The workflows a repository names in the file; absent when it takes every workflow. */
    private final Map<String, List<String>> workflowsOfRepository = new LinkedHashMap<>();
    private volatile Map<String, StoredWorkflow> stored = Map.of();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.springframework.beans.factory.annotation.Autowired
    WorkflowCatalog(ActiveConfiguration configuration) {
        this(configuration.config());
    }

    WorkflowCatalog(dev.aurelis.configuration.AurelisConfig config) {
        this.settings = config.integrations().workflows();
        this.cicd = config.integrations().cicd();
        this.tenant = TenantId.of(config.organization().tenantId());
        List<WorkflowDefinition> definitions = settings.definitions().isEmpty()
                ? List.of(BriefWorkflow.definition()) : settings.definitions();
        for (int i = 0; i < definitions.size(); i++) {
            Workflow workflow = resolve(definitions.get(i), "integrations.workflows.definitions[" + i + "].",
                    Workflow.FROM_CONFIGURATION, List.of());
            if (workflows.putIfAbsent(workflow.name(), workflow) != null) {
                throw new InvalidDefinition("integrations.workflows.definitions: the workflow '" + workflow.name()
                        + "' is defined twice");
            }
        }
        for (int i = 0; i < settings.repositories().size(); i++) {
            WorkflowRepository repository = settings.repositories().get(i);
            String path = "integrations.workflows.repositories[" + i + "]";
            for (String name : repository.workflows()) {
                if (!workflows.containsKey(name)) {
                    throw new InvalidDefinition(path + ".workflows: no workflow is named '" + name + "'");
                }
            }
            RepositoryBinding binding = new RepositoryBinding(repository.provider(), repository.name(),
                    repository.team(), repository.project(), repository.maxConcurrentRuns());
            repositories.put(key(binding.source(), binding.name()), binding);
            if (!repository.workflows().isEmpty()) {
                workflowsOfRepository.put(key(binding.source(), binding.name()), List.copyOf(repository.workflows()));
            }
        }
    }

    /**
     * Checks a definition sent to the admin API as the file's are checked (problems named by their path within it)
     * and resolves it; {@code repositories} must be configured ones.
     *
     * @throws InvalidDefinition naming what cannot run
     */
    public Workflow check(WorkflowDefinition definition, List<String> repositoryNames) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < repositoryNames.size(); i++) {
            String name = repositoryNames.get(i);
            if (name == null || name.isBlank() || repositories.values().stream()
                    .noneMatch(r -> r.name().equalsIgnoreCase(name.strip()))) {
                throw new InvalidDefinition("repositories[" + i + "]: '" + name + "' is not among the repositories of "
                        + "integrations.workflows.repositories (repositories and the teams they are attributed to are "
                        + "configured in the file)");
            }
            names.add(name.strip());
        }
        return resolve(definition, "", Workflow.FROM_API, names);
    }

    private Workflow resolve(WorkflowDefinition definition, String path, String source, List<String> boundTo) {
        Set<Trigger> triggers = EnumSet.noneOf(Trigger.class);
        definition.triggers().forEach(t -> triggers.add(Trigger.of(t)));
        if (triggers.isEmpty()) {
            triggers.addAll(EnumSet.of(Trigger.PR_CREATED, Trigger.COMMIT_PUSHED));
        }
        List<StepDefinition> steps = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < definition.steps().size(); i++) {
            WorkflowDefinition.Step step = definition.steps().get(i);
            String at = path + "steps[" + i + "]";
            Action action = Action.of(step.action()).orElseThrow(() -> new InvalidDefinition(at
                    + ".action: '" + step.action() + "' is not an action; use analyze_security, analyze_quality, "
                    + "verify_documentation, create_pr_summary, custom or approval"));
            if (!names.add(step.name())) {
                throw new InvalidDefinition(at + ".name: the step '" + step.name() + "' appears twice");
            }
            if (action.asksPeople()) {
                steps.add(new StepDefinition(step.name(), action, null, step.blocking(), Severity.of(step.threshold()),
                        null, approval(step, at)));
                continue;
            }
            if (step.model() == null) {
                throw new InvalidDefinition(at + ".model: must name the model");
            }
            if (!step.approvers().isEmpty() || step.approvals() != null || step.timeout() != null) {
                throw new InvalidDefinition(at + ": approvers, approvals and timeout belong to an approval step");
            }
            String prompt = action.instructions();
            if (action == Action.CUSTOM) {
                if (!settings.customWorkflows()) {
                    throw new InvalidDefinition(at + ": custom steps need integrations.workflows.custom_workflows: true");
                }
                if (step.prompt() == null) {
                    throw new InvalidDefinition(at + ".prompt: a custom step needs its instructions");
                }
                prompt = step.prompt();
            } else if (step.prompt() != null) {
                prompt = prompt + "\n\nAlso: " + step.prompt();
            }
            steps.add(new StepDefinition(step.name(), action, step.model(), step.blocking(),
                    Severity.of(step.threshold()), prompt, null));
        }
        List<String> notify = new ArrayList<>();
        if (definition.notifications().slack()) {
            notify.add("slack");
        }
        if (definition.notifications().email()) {
            notify.add("email");
        }
        if (definition.notifications().teams()) {
            notify.add("teams");
        }
        WorkflowDefinition.Conditions when = definition.conditions();
        return new Workflow(definition.name(), triggers, steps, notify, definition.project(),
                new Conditions(when.paths(), when.labels(), when.authors(), when.maxChangedLines()),
                definition.budget(), source, boundTo);
    }

    private Approval approval(WorkflowDefinition.Step step, String at) {
        if (!settings.approvalProcesses()) {
            throw new InvalidDefinition(at + ": approval steps need integrations.workflows.approval_processes: true");
        }
        if (step.approvers().isEmpty()) {
            throw new InvalidDefinition(at + ".approvers: an approval step names who may approve "
                    + "(e-mail addresses, or role:NAME)");
        }
        if (step.model() != null || step.prompt() != null) {
            throw new InvalidDefinition(at + ": an approval step asks people, so it has no model or prompt");
        }
        int required = step.approvals() == null ? 1 : step.approvals();
        java.time.Duration timeout = step.timeout() == null ? Approval.DEFAULT_TIMEOUT : step.timeout();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidDefinition(at + ".timeout: must be longer than zero, e.g. 24h");
        }
        return new Approval(step.approvers(), required, timeout);
    }

    private static String key(String source, String repository) {
        return source + ":" + repository.toLowerCase(Locale.ROOT);
    }

    /** {@code integrations.workflows.enabled}: whether anything runs. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** {@code integrations.workflows.automated_reviews}: whether repository webhooks start runs. */
    public boolean automatedReviews() {
        return settings.automatedReviews();
    }

    public ScmConnection github() {
        return settings.github();
    }

    public ScmConnection gitlab() {
        return settings.gitlab();
    }

    /** The organisation this instance serves; every run belongs to it. */
    public TenantId tenant() {
        return tenant;
    }

    public Optional<RepositoryBinding> repository(String source, String name) {
        return Optional.ofNullable(repositories.get(key(source, name)));
    }

    /** Every defined workflow: the configuration's in its order, then those from the API by name. */
    public List<Workflow> workflows() {
        List<Workflow> all = new ArrayList<>(workflows.values());
        stored.values().forEach(s -> all.add(s.workflow()));
        return List.copyOf(all);
    }

    public Optional<Workflow> workflow(String name) {
        Workflow configured = workflows.get(name);
        if (configured != null) {
            return Optional.of(configured);
        }
        return Optional.ofNullable(stored.get(name)).map(StoredWorkflow::workflow);
    }

    /** Whether the configuration file defines a workflow of this name (it is then read-only through the API). */
    public boolean configured(String name) {
        return workflows.containsKey(name);
    }

    /** A workflow defined through the API, with its version. */
    public Optional<StoredWorkflow> stored(String name) {
        return Optional.ofNullable(stored.get(name));
    }

    /** Replaces the workflows defined through the API (each already checked) and tells the listeners. */
    public void replaceStored(java.util.Collection<StoredWorkflow> definitions) {
        Map<String, StoredWorkflow> next = new java.util.TreeMap<>();
        definitions.stream().filter(d -> !workflows.containsKey(d.workflow().name()))
                .forEach(d -> next.put(d.workflow().name(), d));
        stored = java.util.Collections.unmodifiableMap(next);
        listeners.forEach(Runnable::run);
    }

    /** Called whenever the workflows from the API change (their budgets follow them). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * The workflows of a repository that run on {@code trigger} for a change by {@code author} carrying
     * {@code labels} (null when unknown), as their conditions allow.
     */
    public List<Workflow> workflowsFor(RepositoryBinding repository, Trigger trigger, String author, List<String> labels) {
        return workflowsFor(repository, trigger).stream()
                .filter(w -> w.conditions().refusesTrigger(author, labels).isEmpty()).toList();
    }

    /** The workflows of a repository that run on {@code trigger}. */
    public List<Workflow> workflowsFor(RepositoryBinding repository, Trigger trigger) {
        List<String> named = workflowsOfRepository.get(key(repository.source(), repository.name()));
        List<Workflow> result = new ArrayList<>();
        (named == null ? workflows.keySet() : named).forEach(name -> result.add(workflows.get(name)));
        for (StoredWorkflow s : stored.values()) {
            Workflow w = s.workflow();
            boolean bound = w.repositories().isEmpty() ? named == null
                    : w.repositories().stream().anyMatch(r -> r.equalsIgnoreCase(repository.name()));
            if (bound) {
                result.add(w);
            }
        }
        return result.stream().filter(w -> w.runsOn(trigger)).toList();
    }

    /**
     * Whether {@code integrations.cicd} lets the named CI system run reviews: {@code github_actions}, {@code jenkins},
     * {@code azure_devops} or {@code gitlab_ci}; an unnamed or other system ({@code other}) may when any of them is on.
     */
    public boolean ciAllowed(String system) {
        String name = system == null ? "other" : system.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "github_actions" -> cicd.githubActions();
            case "jenkins" -> cicd.jenkins();
            case "azure_devops" -> cicd.azureDevops();
            case "gitlab_ci" -> cicd.gitlabCi();
            default -> cicd.githubActions() || cicd.jenkins() || cicd.azureDevops() || cicd.gitlabCi();
        };
    }
}
