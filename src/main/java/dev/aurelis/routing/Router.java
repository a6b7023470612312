package dev.aurelis.routing;

import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.RoutingSettings.Balance;
import dev.aurelis.routing.RoutingSettings.Strategy;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.routing.health.DeploymentHealth;
import dev.aurelis.routing.health.RoutingMetrics;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Chooses the deployments that serve an exchange, in order, with the reason for each; keeps every deployment's
 * health (circuit breaker, error rate, latency). Plans are made from memory: no I/O on the hot path.
 *
 * <ul>
 *   <li>A model the client names is served by its deployments (several when providers share the name or an alias
 *       lists them, ordered by the alias's balancing), then by its fallback chain.</li>
 *   <li>The auto model ({@code routing.auto_model}) is resolved by the strategy: {@code fixed} primary then fallback;
 *       {@code task} the task's preference, primary, fallback; {@code intelligent} ranks the models
 *       {@code routing.tasks} allows for the task by health, quality tier, price and latency (without such a list
 *       it keeps preference and primary and steps past unhealthy ones); {@code cost_optimized} and
 *       {@code latency_optimized} by price or latency. The fallback always comes last.</li>
 *   <li>Every deployment must satisfy the data residency ({@code security.data_residency}: the provider's region is
 *       that region or starts with it and a dash, or the provider is on premise) and, when the request requires it,
 *       be on premise.</li>
 * </ul>
 */
@Component
public class Router {

    /** Blended price of a coding request: prompts are large, answers small. */
    private static final int INPUT_SHARE = 3;

    private final ModelCatalog catalog;
    private final Prices prices;
    private final RoutingMetrics metrics;
    private final RoutingClock clock;
    private final Attempts.Sleeper sleeper;
    private final RandomGenerator random;
    private final CustomModels custom;
    private final Map<String, DeploymentHealth> healths = new ConcurrentHashMap<>();

    private volatile Table table = new Table(RoutingSettings.defaults(), Map.of());

    /** A model name and the deployments serving it. */
    private record Group(String name, boolean alias, Balance balance, List<Member> members) {
    }

    private record Member(Deployment deployment, int weight) {
    }

    /** Everything a plan is made from, swapped as a whole when the configuration is applied. */
    private record Table(RoutingSettings settings, Map<String, Group> groups) {
    }

    @Autowired
    public Router(ModelCatalog catalog, Prices prices, MeterRegistry meters, ObjectProvider<RoutingClock> clock,
            CustomModels custom) {
        this(catalog, prices, meters, clock.getIfUnique(RoutingClock::system), Thread::sleep,
                RandomGenerator.getDefault(), custom);
    }

    /** A router without organisation models or variants. */
    public Router(ModelCatalog catalog, Prices prices, MeterRegistry meters, ObjectProvider<RoutingClock> clock) {
        this(catalog, prices, meters, clock, CustomModels.none(catalog));
    }

    Router(ModelCatalog catalog, Prices prices, MeterRegistry meters, RoutingClock clock, Attempts.Sleeper sleeper,
            RandomGenerator random) {
        this(catalog, prices, meters, clock, sleeper, random, CustomModels.none(catalog));
    }

    private Router(ModelCatalog catalog, Prices prices, MeterRegistry meters, RoutingClock clock,
            Attempts.Sleeper sleeper, RandomGenerator random, CustomModels custom) {
        this.custom = custom;
        this.catalog = catalog;
        this.prices = prices;
        this.metrics = new RoutingMetrics(meters);
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** {@code provider/model}: a deployment's name in health reports, metrics and route headers. */
    public static String keyOf(Deployment deployment) {
        return deployment.provider().name() + "/" + deployment.model();
    }

    /**
     * Takes the settings and the catalogue's current deployments. Health already measured is kept for deployments
     * that did not change.
     */
    public void configure(RoutingSettings settings) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String name : catalog.modelNames()) {
            List<Member> members = catalog.deploymentsOf(name).stream().map(d -> new Member(d, 1)).toList();
            groups.put(name, new Group(name, false, Balance.PRIORITY, members));
        }
        settings.aliases().forEach((name, alias) -> {
            List<Member> members = new ArrayList<>();
            for (RoutingSettings.Target target : alias.targets()) {
                catalog.deployment(target.provider(), target.model())
                        .ifPresent(d -> members.add(new Member(d, Math.max(1, target.weight()))));
            }
            if (!members.isEmpty()) {
                groups.put(name, new Group(name, true, alias.balance(), List.copyOf(members)));
            }
        });

        Set<String> current = new HashSet<>();
        for (Deployment deployment : catalog.deployments()) {
            String key = keyOf(deployment);
            current.add(key);
            DeploymentHealth existing = healths.get(key);
            if (existing != null && existing.deployment().equals(deployment)) {
                existing.apply(settings.breaker());
            } else {
                DeploymentHealth health = new DeploymentHealth(key, deployment, settings.breaker());
                healths.put(key, health);
                metrics.track(health, clock);
            }
        }
        for (String key : List.copyOf(healths.keySet())) {
            if (!current.contains(key)) {
                healths.remove(key);
                metrics.untrack(key);
            }
        }
        table = new Table(settings, Map.copyOf(groups));
    }

    public RoutingSettings settings() {
        return table.settings();
    }

    /** Forgets what was measured of every deployment: breakers closed, windows, latencies and pauses empty. */
    void forgetHealth() {
        for (String key : List.copyOf(healths.keySet())) {
            healths.remove(key);
            metrics.untrack(key);
        }
        configure(table.settings());
    }

    /**
     * The deployments that may serve the request, in the order to try them.
     *
     * @throws NoRoute when none may: unknown model, not allowed, outside the data residency, nothing to choose
     */
    public RoutePlan plan(RouteRequest request) {
        Table t = table;
        Group group = t.groups().get(request.model());
        if (group == null && request.model().equalsIgnoreCase(t.settings().autoModel())) {
            return planAuto(t, request);
        }
        if (group == null) {
            group = ownGroup(request);
        }
        if (group == null) {
            throw new NoRoute(NoRoute.Reason.UNKNOWN_MODEL, "The model '" + request.model()
                    + "' does not exist or is not served here. GET /v1/models lists the models you may use.");
        }
        if (!request.mayUse().test(request.model())) {
            throw new NoRoute(NoRoute.Reason.NOT_ALLOWED, "You may not use the model '" + request.model() + "'.");
        }
        PlanBuilder plan = new PlanBuilder(t, request);
        plan.add(group, group.alias() ? "alias" : "requested", false);
        List<String> fallbacks = t.settings().fallbacks().get(request.model());
        if (fallbacks == null) {
            fallbacks = t.settings().fallback() == null ? List.of() : List.of(t.settings().fallback());
        }
        for (String fallback : fallbacks) {
            Group next = t.groups().get(fallback);
            if (next != null && !fallback.equals(request.model()) && request.mayUse().test(fallback)) {
                plan.add(next, "fallback", true);
            }
        }
        String reason = group.alias()
                ? "alias of " + group.members().size() + " deployments, " + balanceName(group.balance())
                : group.members().size() > 1 ? "requested model, " + group.members().size() + " deployments in order"
                : "requested model";
        return plan.build(group.alias() ? "alias" : "requested", reason);
    }

    /**
     * The caller's organisation's own model of that name as a group of its one deployment, or null: another
     * organisation's model is as unknown as any name nobody serves. A team the model does not list may not use it.
     */
    private Group ownGroup(RouteRequest request) {
        CustomModels.Own own = custom.own(request.tenant(), request.model());
        if (own == null) {
            return null;
        }
        if (!own.model().admits(request.team())) {
            throw new NoRoute(NoRoute.Reason.NOT_ALLOWED, "You may not use the model '" + request.model() + "'.");
        }
        return new Group(own.model().name(), false, Balance.PRIORITY, List.of(new Member(own.deployment(), 1)));
    }

    /** Whether the configuration serves {@code name} (a model, an alias or the auto model): such a name is never custom. */
    public boolean configured(String name) {
        Table t = table;
        return t.groups().containsKey(name) || name.equalsIgnoreCase(t.settings().autoModel());
    }

    /** The price an organisation model's deployment is charged at, or null: other deployments are priced by name. */
    public Price ownPrice(Deployment deployment) {
        return custom.priceOf(deployment);
    }

    /**
     * The names only the caller's organisation may ask for, that the caller may use: its own models (for the
     * teams they list) and its model variants (when the caller may use the base model).
     */
    public List<ModelName> organizationModelNames(String tenant, String team, java.util.function.Predicate<String> mayUse) {
        List<ModelName> names = new ArrayList<>();
        Set<String> served = table.groups().keySet();
        for (CustomModels.Own own : custom.models(tenant)) {
            if (!served.contains(own.model().name()) && own.model().admits(team) && mayUse.test(own.model().name())) {
                names.add(new ModelName(own.model().name(), own.model().provider()));
            }
        }
        for (ModelVariant variant : custom.variants(tenant)) {
            if (!served.contains(variant.name()) && mayUse.test(variant.baseModel())) {
                names.add(new ModelName(variant.name(), "aurelis"));
            }
        }
        return names;
    }

    /** Starts the attempts of an exchange along its plan. */
    public Attempts attempts(RoutePlan plan) {
        return new Attempts(this, plan, table.settings(), clock, sleeper, random);
    }

    /** The health of every deployment, in catalogue order. */
    public List<DeploymentStatus> health() {
        Instant now = clock.now();
        List<DeploymentStatus> statuses = new ArrayList<>();
        for (Deployment deployment : catalog.deployments()) {
            statuses.add(healthOf(deployment).status(now));
        }
        return statuses;
    }

    /** A name clients may ask for and who serves it ({@code aurelis} for aliases and the auto model). */
    public record ModelName(String name, String ownedBy) {
    }

    /**
     * Served models, aliases and, when it can be resolved, the auto model; a model none of whose deployments the
     * data residency admits is left out.
     */
    public List<ModelName> modelNames() {
        Table t = table;
        List<ModelName> names = new ArrayList<>();
        for (Group group : t.groups().values()) {
            group.members().stream().map(Member::deployment)
                    .filter(d -> residentIn(d.provider(), t.settings().dataResidency())).findFirst()
                    .ifPresent(d -> names.add(new ModelName(group.name(), group.alias() ? "aurelis" : d.provider().name())));
        }
        RoutingSettings s = t.settings();
        if (!t.groups().containsKey(s.autoModel()) && (s.primary() != null || !s.preferences().isEmpty())) {
            names.add(new ModelName(s.autoModel(), "aurelis"));
        }
        return names;
    }

    /** The first deployment a plain request for {@code model} would try, before any health is considered. */
    public Optional<Deployment> firstDeployment(String model) {
        Table t = table;
        Group group = t.groups().get(model);
        if (group == null && model != null && model.equalsIgnoreCase(t.settings().autoModel())
                && t.settings().primary() != null) {
            group = t.groups().get(t.settings().primary());
        }
        return group == null ? Optional.empty() : Optional.of(group.members().getFirst().deployment());
    }

    DeploymentHealth healthOf(Deployment deployment) {
        return healths.computeIfAbsent(keyOf(deployment),
                key -> new DeploymentHealth(key, deployment, table.settings().breaker()));
    }

    RoutingMetrics metrics() {
        return metrics;
    }

    /**
     * After a context-length error: the deployments of the model with the next larger context window the caller may
     * use (the smallest window above the failed one, then the cheaper), none already in the plan.
     */
    List<RoutePlan.Step> largerContextSteps(Deployment failed, RouteRequest request, List<RoutePlan.Step> planned) {
        Integer window = failed.served().contextWindow();
        if (window == null) {
            return List.of();
        }
        Table t = table;
        Group best = null;
        int bestWindow = Integer.MAX_VALUE;
        BigDecimal bestPrice = null;
        for (Group group : t.groups().values()) {
            if (group.alias() || !request.mayUse().test(group.name())) {
                continue;
            }
            Integer larger = group.members().getFirst().deployment().served().contextWindow();
            if (larger == null || larger <= window) {
                continue;
            }
            BigDecimal price = blendedPrice(group);
            boolean better = best == null || larger < bestWindow
                    || (larger == bestWindow && price != null && (bestPrice == null || price.compareTo(bestPrice) < 0));
            if (better && !new PlanBuilder(t, request).eligible(group, true).isEmpty()) {
                best = group;
                bestWindow = larger;
                bestPrice = price;
            }
        }
        if (best == null) {
            return List.of();
        }
        PlanBuilder plan = new PlanBuilder(t, request);
        planned.forEach(step -> plan.seen.add(step.key()));
        plan.add(best, "larger context window (" + bestWindow + " tokens)", true);
        return plan.steps;
    }

    // ------------------------------------------------------------------------------------------- the auto model

    private RoutePlan planAuto(Table t, RouteRequest request) {
        RoutingSettings s = t.settings();
        if (request.format() == WireFormat.OPENAI_EMBEDDINGS) {
            throw new NoRoute(NoRoute.Reason.UNSERVABLE,
                    "'" + s.autoModel() + "' chooses among chat models; name the embeddings model to use.");
        }
        Task task = request.task().task();
        List<Candidate> pool = pool(s, task);
        List<Candidate> usable = new ArrayList<>();
        boolean refused = false;
        for (Candidate candidate : pool) {
            Group group = t.groups().get(candidate.name());
            if (group == null) {
                continue;
            }
            if (!request.mayUse().test(candidate.name())) {
                refused = true;
                continue;
            }
            usable.add(new Candidate(candidate.name(), candidate.why(), usable.size(), group));
        }
        // the fallback is every strategy's last resort, after the candidates however they rank
        String fallback = s.fallback();
        Group fallbackGroup = fallback == null || usable.stream().anyMatch(c -> c.name().equals(fallback))
                ? null : t.groups().get(fallback);
        if (fallbackGroup != null && !request.mayUse().test(fallback)) {
            refused = true;
            fallbackGroup = null;
        }
        if (usable.isEmpty() && fallbackGroup == null) {
            List<String> names = new ArrayList<>(pool.stream().map(Candidate::name).toList());
            if (fallback != null) {
                names.add(fallback);
            }
            if (refused) {
                throw new NoRoute(NoRoute.Reason.NOT_ALLOWED, "None of the models '" + s.autoModel()
                        + "' could choose for " + task.configName() + " (" + String.join(", ", names)
                        + ") is allowed for you; name a model you may use.");
            }
            throw new NoRoute(NoRoute.Reason.UNSERVABLE, "'" + s.autoModel() + "' has no model to choose for "
                    + task.configName() + ": set models.primary (or a preference for the task) in the configuration.");
        }
        List<String> allowed = s.taskModels().get(task);
        boolean listed = allowed != null && !allowed.isEmpty();
        List<Candidate> ranked = rank(s.strategy(), listed, usable, s);
        PlanBuilder plan = new PlanBuilder(t, request);
        for (Candidate candidate : ranked) {
            plan.add(candidate.group(), candidate.why(), true);
        }
        if (fallbackGroup != null) {
            plan.add(fallbackGroup, "fallback", true);
        }
        return plan.build(s.strategy().configName(),
                ranked.isEmpty() ? "fallback" : explain(s.strategy(), listed, ranked, s));
    }

    /** A model the auto model may choose, why it is in the pool, and its place in the pool's written order. */
    private record Candidate(String name, String why, int position, Group group) {
        Candidate(String name, String why) {
            this(name, why, 0, null);
        }
    }

    /**
     * The models the strategy chooses among for the task, before the fallback: {@code fixed} the primary;
     * {@code task} the preference and the primary; the others the models allowed for the task in {@code
     * routing.tasks}, or else the preference and the primary.
     */
    private static List<Candidate> pool(RoutingSettings s, Task task) {
        Map<String, Candidate> pool = new LinkedHashMap<>();
        String preference = s.preferences().get(task);
        List<String> allowed = s.taskModels().get(task);
        switch (s.strategy()) {
            case FIXED -> addCandidate(pool, s.primary(), "primary");
            case TASK -> {
                addCandidate(pool, preference, "preference for " + task.configName());
                addCandidate(pool, s.primary(), "primary");
            }
            default -> {
                if (allowed != null && !allowed.isEmpty()) {
                    allowed.forEach(model -> addCandidate(pool, model, "allowed for " + task.configName()));
                } else {
                    addCandidate(pool, preference, "preference for " + task.configName());
                    addCandidate(pool, s.primary(), "primary");
                }
            }
        }
        return List.copyOf(pool.values());
    }

    private static void addCandidate(Map<String, Candidate> pool, String model, String why) {
        if (model != null && !model.isBlank()) {
            pool.putIfAbsent(model, new Candidate(model, why));
        }
    }

    /** What a candidate looks like right now, for ranking. */
    private record View(Candidate candidate, boolean available, boolean degraded, int tier, BigDecimal price,
            Long latency) {

        String describe() {
            String status = !available ? "paused" : degraded ? "degraded" : "healthy";
            return candidate.name() + "(" + status + ", tier " + tier + ", "
                    + (price == null ? "no price" : price.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                            .toPlainString() + "/M")
                    + ", " + (latency == null ? "no latency yet" : "p50 " + latency + "ms") + ")";
        }
    }

    /**
     * @param listed the candidates are the task's {@code routing.tasks} list: models the operator declared
     *               interchangeable for it, which {@code intelligent} may reorder by tier, price and latency; otherwise
     *               they are the task's preference and the primary, whose order {@code intelligent} keeps and only
     *               steps past unhealthy models
     */
    private List<Candidate> rank(Strategy strategy, boolean listed, List<Candidate> candidates, RoutingSettings s) {
        if (strategy == Strategy.FIXED || strategy == Strategy.TASK) {
            return candidates;
        }
        Comparator<View> health = Comparator.comparing((View v) -> !v.available()).thenComparing(View::degraded);
        Comparator<View> byTier = Comparator.comparingInt(View::tier).reversed();
        Comparator<View> byPrice = Comparator.comparing(View::price, Comparator.nullsLast(Comparator.naturalOrder()));
        // a model with no latency measured yet goes first among equals, so that it gets measured
        Comparator<View> byLatency = Comparator.comparing(v -> v.latency() == null ? 0L : v.latency());
        Comparator<View> byPosition = Comparator.comparingInt(v -> v.candidate().position());
        Comparator<View> order = switch (strategy) {
            case COST_OPTIMIZED -> health.thenComparing(byPrice).thenComparing(byTier).thenComparing(byPosition);
            case LATENCY_OPTIMIZED -> health.thenComparing(byLatency).thenComparing(byPrice).thenComparing(byPosition);
            default -> listed
                    ? health.thenComparing(byTier).thenComparing(byPrice).thenComparing(byLatency).thenComparing(byPosition)
                    : health.thenComparing(byPosition);
        };
        return candidates.stream().map(c -> view(c, s)).sorted(order).map(View::candidate).toList();
    }

    private View view(Candidate candidate, RoutingSettings s) {
        Instant now = clock.now();
        boolean available = false;
        boolean healthy = false;
        Long latency = null;
        for (Member member : candidate.group().members()) {
            DeploymentHealth health = healthOf(member.deployment());
            if (health.availableAt(now)) {
                available = true;
                healthy |= !health.degraded();
                Long p50 = health.latencyPercentile(0.5);
                if (p50 != null && (latency == null || p50 < latency)) {
                    latency = p50;
                }
            }
        }
        // Without tiers Aurelis does not assume two models are equally good: the written order is the quality order.
        int tier = s.tiers().isEmpty() ? -candidate.position() : s.tiers().getOrDefault(candidate.name(), 0);
        return new View(candidate, available, available && !healthy, tier, blendedPrice(candidate.group()), latency);
    }

    private String explain(Strategy strategy, boolean listed, List<Candidate> ranked, RoutingSettings s) {
        Candidate first = ranked.getFirst();
        if (strategy == Strategy.FIXED || strategy == Strategy.TASK) {
            return first.why();
        }
        if (strategy == Strategy.INTELLIGENT && !listed) {
            List<String> passedOver = ranked.stream().filter(c -> c.position() < first.position())
                    .map(Candidate::name).toList();
            return first.why() + (passedOver.isEmpty() ? "" : ", passing over unhealthy " + String.join(", ", passedOver));
        }
        return strategy.configName() + " ranking " + String.join(" > ",
                ranked.stream().map(c -> view(c, s).describe()).toList());
    }

    /** Per million tokens of a typical coding request, three parts prompt to one part answer. */
    private BigDecimal blendedPrice(Group group) {
        Deployment first = group.members().getFirst().deployment();
        Optional<Price> price = prices.priceOf(first.model(), first.providerModelId());
        return price.map(p -> p.input().multiply(BigDecimal.valueOf(INPUT_SHARE)).add(p.output())
                .divide(BigDecimal.valueOf(INPUT_SHARE + 1L), 6, RoundingMode.HALF_UP)).orElse(null);
    }

    private static String balanceName(Balance balance) {
        return balance.name().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------- plan building

    /** Adds groups' deployments to a plan in balanced order, keeping out duplicates and what policy forbids. */
    private final class PlanBuilder {
        private final Table table;
        private final RouteRequest request;
        private final List<RoutePlan.Step> steps = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>();
        private final Set<String> excluded = new LinkedHashSet<>();

        PlanBuilder(Table table, RouteRequest request) {
            this.table = table;
            this.request = request;
        }

        /**
         * @param strict also leave out deployments that cannot serve the request's operation (an Anthropic provider
         *               for embeddings); a requested model keeps them so the client hears why it cannot be served
         */
        void add(Group group, String why, boolean strict) {
            for (Member member : order(group, eligible(group, strict))) {
                if (seen.add(keyOf(member.deployment()))) {
                    steps.add(new RoutePlan.Step(member.deployment(), why));
                }
            }
        }

        List<Member> eligible(Group group, boolean strict) {
            List<Member> eligible = new ArrayList<>();
            for (Member member : group.members()) {
                ProviderSettings provider = member.deployment().provider();
                if (request.onPremiseOnly() && !provider.onPremise()) {
                    excluded.add(keyOf(member.deployment()) + " (not on premise)");
                } else if (!residentIn(provider, table.settings().dataResidency())) {
                    excluded.add(keyOf(member.deployment()) + " (region " + (provider.region() == null ? "unknown"
                            : provider.region()) + ")");
                } else if (!strict || servable(member.deployment(), request.format())) {
                    eligible.add(member);
                }
            }
            return eligible;
        }

        RoutePlan build(String strategy, String reason) {
            if (steps.isEmpty()) {
                String rule = request.onPremiseOnly() ? "this request may only be served on premise"
                        : "security.data_residency is '" + table.settings().dataResidency() + "'";
                String fix = request.onPremiseOnly() ? "" : " An administrator can give a provider a region inside the "
                        + "residency (providers[].region) or mark it on_premise.";
                throw new NoRoute(NoRoute.Reason.RESIDENCY, "No deployment of '" + request.model() + "' may serve this "
                        + "request: " + rule + ", which excludes " + String.join(", ", excluded) + "." + fix);
            }
            if (!excluded.isEmpty()) {
                reason += ", excluded " + String.join(", ", excluded);
            }
            return new RoutePlan(request, strategy, steps, reason);
        }

        /** Balanced order; deployments paused right now go last, so they are tried only when nothing else is left. */
        private List<Member> order(Group group, List<Member> members) {
            List<Member> ordered = switch (group.balance()) {
                case PRIORITY -> members;
                case WEIGHTED -> weighted(members);
                case LEAST_LATENCY -> members.stream().sorted(Comparator.comparing(m -> {
                    Long p50 = healthOf(m.deployment()).latencyPercentile(0.5);
                    return p50 == null ? 0L : p50;
                })).toList();
            };
            Instant now = clock.now();
            List<Member> available = new ArrayList<>();
            List<Member> paused = new ArrayList<>();
            for (Member member : ordered) {
                (healthOf(member.deployment()).availableAt(now) ? available : paused).add(member);
            }
            available.addAll(paused);
            return available;
        }

        /** A random order in which each deployment comes first with a probability proportional to its weight. */
        private List<Member> weighted(List<Member> members) {
            List<Member> rest = new ArrayList<>(members);
            List<Member> ordered = new ArrayList<>(members.size());
            while (!rest.isEmpty()) {
                int total = rest.stream().mapToInt(Member::weight).sum();
                int pick = random.nextInt(total);
                for (int i = 0; i < rest.size(); i++) {
                    pick -= rest.get(i).weight();
                    if (pick < 0) {
                        ordered.add(rest.remove(i));
                        break;
                    }
                }
            }
            return ordered;
        }
    }

    /**
     * Whether a provider may serve under a data residency: no residency, an on-premise provider, or a region equal
     * to it or starting with it and a dash or underscore ({@code US} admits {@code us}, {@code us-east-1}). Several
     * residencies may be listed, comma-separated.
     */
    public static boolean residentIn(ProviderSettings provider, String residency) {
        if (residency == null || provider.onPremise()) {
            return true;
        }
        String region = provider.region();
        if (region == null || region.isBlank()) {
            return false;
        }
        String normal = region.strip().toLowerCase(Locale.ROOT);
        for (String allowed : residency.toLowerCase(Locale.ROOT).split(",")) {
            String r = allowed.strip();
            if (!r.isEmpty() && (normal.equals(r) || normal.startsWith(r + "-") || normal.startsWith(r + "_"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the deployment can serve an operation: Anthropic providers have no completions or embeddings. */
    static boolean servable(Deployment deployment, WireFormat format) {
        boolean anthropic = deployment.wireFormat() == WireFormat.ANTHROPIC_MESSAGES;
        return switch (format) {
            case OPENAI_EMBEDDINGS -> !anthropic && deployment.served().embeddings();
            case OPENAI_COMPLETIONS -> !anthropic && !deployment.served().embeddings();
            default -> !deployment.served().embeddings();
        };
    }
}
