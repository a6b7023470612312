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
 * With no definitions, the brief's {@code enterprise_code_review} applies.
 */
@Component
public class WorkflowCatalog {

    private final Integrations.Workflows settings;
    private final Integrations.Cicd cicd;
    private final TenantId tenant;
    private final Map<String, Workflow> workflows = new LinkedHashMap<>();
    private final Map<String, RepositoryBinding> repositories = new LinkedHashMap<>();
    private final Map<String, List<String>> workflowsOfRepository = new LinkedHashMap<>();

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
            Workflow workflow = resolve(definitions.get(i), "integrations.workflows.definitions[" + i + "]");
            if (workflows.putIfAbsent(workflow.name(), workflow) != null) {
                throw new IllegalStateException("integrations.workflows.definitions: the workflow '" + workflow.name()
                        + "' is defined twice");
            }
        }
        for (int i = 0; i < settings.repositories().size(); i++) {
            WorkflowRepository repository = settings.repositories().get(i);
            String path = "integrations.workflows.repositories[" + i + "]";
            for (String name : repository.workflows()) {
                if (!workflows.containsKey(name)) {
                    throw new IllegalStateException(path + ".workflows: no workflow is named '" + name + "'");
                }
            }
            RepositoryBinding binding = new RepositoryBinding(repository.provider(), repository.name(),
                    repository.team(), repository.project(), repository.maxConcurrentRuns());
            repositories.put(key(binding.source(), binding.name()), binding);
            workflowsOfRepository.put(key(binding.source(), binding.name()),
                    repository.workflows().isEmpty() ? List.copyOf(workflows.keySet()) : repository.workflows());
        }
    }

    private Workflow resolve(WorkflowDefinition definition, String path) {
        Set<Trigger> triggers = EnumSet.noneOf(Trigger.class);
        definition.triggers().forEach(t -> triggers.add(Trigger.of(t)));
        if (triggers.isEmpty()) {
            triggers.addAll(EnumSet.of(Trigger.PR_CREATED, Trigger.COMMIT_PUSHED));
        }
        List<StepDefinition> steps = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < definition.steps().size(); i++) {
            WorkflowDefinition.Step step = definition.steps().get(i);
            String at = path + ".steps[" + i + "]";
            Action action = Action.of(step.action()).orElseThrow(() -> new IllegalStateException(at
                    + ".action: '" + step.action() + "' is not an action; use analyze_security, analyze_quality, "
                    + "verify_documentation, create_pr_summary, custom or approval"));
            if (!names.add(step.name())) {
                throw new IllegalStateException(at + ".name: the step '" + step.name() + "' appears twice");
            }
            if (action.asksPeople()) {
                steps.add(new StepDefinition(step.name(), action, null, step.blocking(), Severity.of(step.threshold()),
                        null, approval(step, at)));
                continue;
            }
            if (step.model() == null) {
                throw new IllegalStateException(at + ".model: must name the model");
            }
            if (!step.approvers().isEmpty() || step.approvals() != null || step.timeout() != null) {
                throw new IllegalStateException(at + ": approvers, approvals and timeout belong to an approval step");
            }
            String prompt = action.instructions();
            if (action == Action.CUSTOM) {
                if (!settings.customWorkflows()) {
                    throw new IllegalStateException(at + ": custom steps need integrations.workflows.custom_workflows: true");
                }
                if (step.prompt() == null) {
                    throw new IllegalStateException(at + ".prompt: a custom step needs its instructions");
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
                new Conditions(when.paths(), when.labels(), when.authors(), when.maxChangedLines()));
    }

    private Approval approval(WorkflowDefinition.Step step, String at) {
        if (!settings.approvalProcesses()) {
            throw new IllegalStateException(at + ": approval steps need integrations.workflows.approval_processes: true");
        }
        if (step.approvers().isEmpty()) {
            throw new IllegalStateException(at + ".approvers: an approval step names who may approve "
                    + "(e-mail addresses, or role:NAME)");
        }
        if (step.model() != null || step.prompt() != null) {
            throw new IllegalStateException(at + ": an approval step asks people, so it has no model or prompt");
        }
        int required = step.approvals() == null ? 1 : step.approvals();
        java.time.Duration timeout = step.timeout() == null ? Approval.DEFAULT_TIMEOUT : step.timeout();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalStateException(at + ".timeout: must be longer than zero, e.g. 24h");
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

    /** Every defined workflow, in the order of the configuration. */
    public List<Workflow> workflows() {
        return List.copyOf(workflows.values());
    }

    public Optional<Workflow> workflow(String name) {
        return Optional.ofNullable(workflows.get(name));
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
        return workflowsOfRepository.getOrDefault(key(repository.source(), repository.name()), List.of()).stream()
                .map(workflows::get).filter(w -> w.runsOn(trigger)).toList();
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
