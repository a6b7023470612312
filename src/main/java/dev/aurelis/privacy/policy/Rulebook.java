package dev.aurelis.privacy.policy;

import dev.aurelis.privacy.DataClass;
import dev.aurelis.privacy.PrivacyAction;
import dev.aurelis.privacy.PrivacySettings;
import dev.aurelis.privacy.PrivacySettings.ScopeKind;
import dev.aurelis.privacy.PrivacySubject;
import dev.aurelis.privacy.detection.Category;
import dev.aurelis.privacy.detection.Rule;
import dev.aurelis.privacy.detection.Scanner;
import dev.aurelis.privacy.detection.ScannerSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The privacy settings compiled for the hot path: the scanner, policies by scope, exclusions and class rules. Built
 * once per configuration (a bad one is refused with what is wrong) and read by every exchange without locking.
 */
public final class Rulebook {

    /** The default when detection is on and no policy names a finding: redact it for providers not on premise. */
    public static final PrivacyAction DEFAULT_REDACTION = PrivacyAction.REDACT;

    private final PrivacySettings settings;
    private final Scanner scanner;
    private final Map<String, Map<String, PrivacyAction>> actionsByScope = new HashMap<>();
    private final Map<String, Boolean> reversibleByScope = new HashMap<>();
    private final Map<String, Boolean> responsesByScope = new HashMap<>();
    private final List<PathRule> exclusions = new ArrayList<>();
    private final List<PathRule> classRules = new ArrayList<>();

    /** An exclusion or class rule, compiled. */
    public record PathRule(String label, Pattern repository, Pattern path, PrivacyAction action, DataClass dataClass) {

        public boolean matchesRepository(String repo) {
            return repository != null && repo != null && repository.matcher(repo.strip()).matches();
        }

        public boolean matchesPath(String candidate) {
            return path != null && path.matcher(candidate).matches();
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public Rulebook(PrivacySettings settings) {
        this.settings = settings;
        this.scanner = Scanner.compile(scannerSettings(settings));
        Set<String> keys = new LinkedHashSet<>();
        scanner.rules().forEach(r -> keys.add(r.name()));
        for (Category category : Category.values()) {
            keys.add(category.configName());
        }
        for (DataClass value : DataClass.values()) {
            keys.add(value.configName());
        }
        for (PrivacySettings.Policy policy : settings.policies()) {
            String scope = scopeKey(policy.scope(), policy.scopeName());
            if (actionsByScope.containsKey(scope)) {
                throw new IllegalArgumentException("two privacy policies for " + describe(policy.scope(), policy.scopeName()));
            }
            for (var entry : policy.actions().entrySet()) {
                if (!keys.contains(entry.getKey())) {
                    throw new IllegalArgumentException("'" + entry.getKey() + "' is neither a detector, a category "
                            + "(secret, personal_data, custom) nor a data class; detectors are "
                            + scanner.rules().stream().map(Rule::name).collect(Collectors.joining(", ")));
                }
            }
            actionsByScope.put(scope, policy.actions());
            if (policy.reversible() != null) {
                reversibleByScope.put(scope, policy.reversible());
            }
            if (policy.responses() != null) {
                responsesByScope.put(scope, policy.responses());
            }
        }
        for (PrivacySettings.Exclusion exclusion : settings.exclusions()) {
            PrivacyAction action = exclusion.action() == null ? PrivacyAction.BLOCK : exclusion.action();
            if (action != PrivacyAction.BLOCK && action != PrivacyAction.REDACT) {
                throw new IllegalArgumentException("an exclusion either blocks or redacts, not '" + action.configName() + "'");
            }
            exclusions.add(pathRule(exclusion.repository(), exclusion.path(), action, null));
        }
        for (PrivacySettings.ClassRule rule : settings.classRules()) {
            if (rule.dataClass() == null) {
                throw new IllegalArgumentException("a classification rule must name its class");
            }
            classRules.add(pathRule(rule.repository(), rule.path(), null, rule.dataClass()));
        }
    }

    private static PathRule pathRule(String repository, String path, PrivacyAction action, DataClass dataClass) {
        boolean noRepository = repository == null || repository.isBlank();
        boolean noPath = path == null || path.isBlank();
        if (noRepository == noPath) {
            throw new IllegalArgumentException("name either a repository or a path, not " + (noPath ? "neither" : "both"));
        }
        return noPath ? new PathRule(repository.strip(), Globs.repository(repository), null, action, dataClass)
                : new PathRule(path.strip(), null, Globs.path(path), action, dataClass);
    }

    private static ScannerSettings scannerSettings(PrivacySettings settings) {
        List<ScannerSettings.CustomPattern> patterns = new ArrayList<>();
        List<ScannerSettings.Dictionary> dictionaries = new ArrayList<>();
        for (PrivacySettings.CustomDetector custom : settings.detectors()) {
            Category category = category(custom.category());
            boolean hasPattern = custom.pattern() != null && !custom.pattern().isBlank();
            if (hasPattern == !custom.words().isEmpty()) {
                throw new IllegalArgumentException("detector '" + custom.name() + "' needs either a pattern or words");
            }
            if (hasPattern) {
                patterns.add(new ScannerSettings.CustomPattern(custom.name(), custom.pattern(), custom.keywords(), category));
            } else {
                dictionaries.add(new ScannerSettings.Dictionary(custom.name(), custom.words(), category));
            }
        }
        return new ScannerSettings(settings.phoneRegions(), patterns, dictionaries);
    }

    private static Category category(String name) {
        if (name == null || name.isBlank()) {
            return Category.CUSTOM;
        }
        for (Category category : Category.values()) {
            if (category.configName().equalsIgnoreCase(name.strip())) {
                return category;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a category; use secret, personal_data or custom");
    }

    public PrivacySettings settings() {
        return settings;
    }

    public Scanner scanner() {
        return scanner;
    }

    public List<PathRule> exclusions() {
        return exclusions;
    }

    public List<PathRule> classRules() {
        return classRules;
    }

    /** Whether anything is to be scanned at all. */
    public boolean active() {
        return settings.detection() || settings.localProcessing() || !settings.policies().isEmpty()
                || !exclusions.isEmpty() || (settings.classification() && !classRules.isEmpty());
    }

    /** The policies that apply to a subject, merged from the organisation down to its project. */
    public Applied applied(PrivacySubject subject) {
        Map<String, PrivacyAction> merged = new HashMap<>();
        boolean reversible = false;
        boolean responses = false;
        for (String scope : scopesOf(subject)) {
            Map<String, PrivacyAction> actions = actionsByScope.get(scope);
            if (actions != null) {
                merged.putAll(actions);
            }
            reversible = reversibleByScope.getOrDefault(scope, reversible);
            responses = responsesByScope.getOrDefault(scope, responses);
        }
        return new Applied(merged, reversible, responses, settings.detection(), settings.localProcessing());
    }

    private static List<String> scopesOf(PrivacySubject subject) {
        List<String> scopes = new ArrayList<>(4);
        scopes.add(scopeKey(ScopeKind.ORGANIZATION, null));
        if (subject.department() != null) {
            scopes.add(scopeKey(ScopeKind.DEPARTMENT, subject.department()));
        }
        if (subject.team() != null) {
            scopes.add(scopeKey(ScopeKind.TEAM, subject.team()));
        }
        if (subject.project() != null) {
            scopes.add(scopeKey(ScopeKind.PROJECT, subject.project()));
        }
        return scopes;
    }

    private static String scopeKey(ScopeKind kind, String name) {
        return kind == ScopeKind.ORGANIZATION ? "organization" : kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }

    private static String describe(ScopeKind kind, String name) {
        return kind == ScopeKind.ORGANIZATION ? "the organization" : kind.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
    }

    /**
     * The policy of one exchange.
     *
     * @param defaultRedaction detection is on: a finding no policy names is redacted for providers not on premise
     *                         (or, with local processing, kept on premise)
     */
    public record Applied(Map<String, PrivacyAction> actions, boolean reversible, boolean responses,
            boolean defaultRedaction, boolean localProcessing) {

        /** The action for a finding: its detector's, else its category's, else the default (null: default redaction). */
        public PrivacyAction actionFor(Rule rule) {
            PrivacyAction action = actions.get(rule.name());
            if (action == null) {
                action = actions.get(rule.category().configName());
            }
            if (action != null) {
                return action;
            }
            if (localProcessing) {
                return PrivacyAction.ROUTE_ON_PREMISE;
            }
            return defaultRedaction ? null : PrivacyAction.ALLOW;
        }

        /** What the policy does with an exchange of this class, or null for nothing. */
        public PrivacyAction actionFor(DataClass dataClass) {
            return actions.get(dataClass.configName());
        }
    }
}
