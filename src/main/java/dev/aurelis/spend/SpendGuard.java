package dev.aurelis.spend;

import dev.aurelis.spend.counters.CounterStore;
import dev.aurelis.spend.counters.CountersUnavailable;
import dev.aurelis.spend.counters.LocalCounters;
import dev.aurelis.spend.counters.RedisCounters;
import dev.aurelis.spend.counters.SpendSeeding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The spend steps of the hot path: before an exchange starts, reserve its maximum cost against every budget and
 * rate limit that applies (or refuse it, throttle it, or ask for a cheaper model); when its usage record is built,
 * settle to the actual cost; if it ends without one, release. Counters live in memory, or in Redis when
 * {@code aurelis.redis.url} is set; either way one atomic call per step, and no database access unless a
 * budget's counters for the period have not been built from the ledger yet.
 */
@Component
public class SpendGuard implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SpendGuard.class);

    /** A reservation still open after this long (a replica died mid-exchange) stops holding budget. */
    static final Duration RESERVATION_LIFETIME = Duration.ofHours(6);
    /** Output tokens assumed when neither the request, the configuration nor the model says. */
    static final long ASSUMED_MAX_OUTPUT = 4096;
    private static final long REDIS_RETRY_MILLIS = 5_000;

    private final Budgets budgets;
    private final SpendSeeding seeding;
    private final BudgetEvents events;
    private final Prices prices;
    private final Clock clock;
    private final LocalCounters local = new LocalCounters(1);
    private final RedisCounters redis;
    private final String redisLocation;
    private final Object redisState = new Object();
    private final ConcurrentHashMap<String, Object> seedLocks = new ConcurrentHashMap<>();
    private final CounterGenerations generations;
    private volatile LocalCounters fallback;
    private volatile long redisRetryAt;
    private volatile boolean redisDown;

    SpendGuard(Budgets budgets, SpendSeeding seeding, BudgetEvents events, Prices prices, Optional<Clock> clock,
            @Value("${aurelis.redis.url:}") String redisUrl, @Value("${aurelis.redis.timeout:1s}") Duration redisTimeout) {
        this.budgets = budgets;
        this.seeding = seeding;
        this.events = events;
        this.prices = prices;
        this.clock = clock.orElse(Clock.systemUTC());
        this.generations = new CounterGenerations(this.clock);
        if (redisUrl != null && !redisUrl.isBlank()) {
            this.redis = new RedisCounters(redisUrl.strip(), redisTimeout);
            this.redisLocation = describe(redisUrl.strip());
            log.info("Budget counters and rate limits are shared through Redis at {}", redisLocation);
        } else {
            this.redis = null;
            this.redisLocation = null;
        }
        budgets.onChange(this::seedCurrentPeriods);
    }

    private static String describe(String url) {
        // never log credentials: keep scheme, host and port only
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "(the configured URL)";
        }
    }

    /** The currency of prices, budgets and the ledger ({@code pricing_currency}). */
    public String currency() {
        return budgets.policy().currency();
    }

    /** Whether counters are shared through Redis. */
    public boolean shared() {
        return redis != null;
    }

    // ---------------------------------------------------------------- reserve

    /**
     * Reserves the exchange's maximum cost and takes from its rate limits.
     *
     * @throws SpendRefusal when a hard budget, a throttle or a rate limit refuses it, or counters are unreachable
     */
    public Admission reserve(SpendRequest request) {
        SpendPolicy policy = budgets.policy();
        Spender spender = request.spender();
        List<Budgets.Applicable> applicable = budgets.applicable(spender, request.provider(), request.providerType());
        List<Reservation.PlannedBucket> limits = rateLimits(policy.rateLimits(), spender);
        if (applicable.isEmpty() && limits.isEmpty()) {
            return Admission.admitted(Reservation.NONE);
        }
        long prompt = request.promptTokens().getAsLong();
        long output = request.embeddings() ? 0 : maxOutput(request, policy, prompt);
        long estimatedTokens = prompt + output;
        Price price = request.price();

        long now = clock.millis();
        Instant at = Instant.ofEpochMilli(now);
        List<CounterStore.Counter> counters = new ArrayList<>(applicable.size());
        List<Reservation.Planned> planned = new ArrayList<>(applicable.size());
        List<Optional<String>> replacements = new ArrayList<>(applicable.size());
        for (Budgets.Applicable a : applicable) {
            PeriodWindow window = a.period().windowAt(at, policy.zone(), policy.fiscalYearStartMonth());
            long limit = Money.microsDown(a.limit());
            Thresholds.Plan thresholds = Thresholds.of(a.budget(), policy, a.limit());
            boolean hard = a.budget() != null && a.budget().hardLimit() != null ? a.budget().hardLimit() : policy.hardByDefault();
            int mode = hard ? CounterStore.HARD : policy.softGrace() != null ? CounterStore.SOFT_WITH_GRACE : CounterStore.SOFT;
            long grace = policy.softGrace() == null ? 0 : policy.softGrace().toMillis();
            Downgrade downgrade = a.budget() != null && a.budget().downgrade() != null ? a.budget().downgrade() : policy.downgrade();
            Optional<String> replacement = request.mayDowngrade() && downgrade != null
                    ? downgrade.replacementFor(request.model()).filter(target -> cheaper(target, price, prompt, output))
                    : Optional.empty();
            replacements.add(replacement);
            counters.add(new CounterStore.Counter(SpendSeeding.seedKey(window, a.ruleId()),
                    SpendSeeding.counterKey(window, a.ruleId(), a.subject()), limit, mode, grace,
                    policy.autoThrottling() ? policy.throttleStart().doubleValue() : -1,
                    policy.throttleRequestsPerMinute(), replacement.isPresent() ? downgrade.at().doubleValue() : -1,
                    thresholds.amounts(), SpendSeeding.expireAt(window)));
            planned.add(new Reservation.Planned(a, window, thresholds.fractions()));
        }
        List<CounterStore.Bucket> buckets = new ArrayList<>(limits.size());
        List<Reservation.PlannedBucket> plannedBuckets = new ArrayList<>(limits.size());
        for (Reservation.PlannedBucket b : limits) {
            // rate limits count exchanges: a retry or failover of the same exchange takes no request again
            long cost = b.kind().equals("tokens") ? estimatedTokens : request.attempt() > 1 ? 0 : 1;
            CounterStore.Bucket bucket = new CounterStore.Bucket(b.bucket().key(), b.bucket().capacity(), cost);
            buckets.add(bucket);
            plannedBuckets.add(new Reservation.PlannedBucket(b.kind(), b.holder(), bucket));
        }
        boolean mayDowngrade = replacements.stream().anyMatch(Optional::isPresent);
        // Hard budgets hold the exchange's strict bound, soft ones its estimate (ADR 0028).
        boolean hard = counters.stream().anyMatch(c -> c.mode() == CounterStore.HARD);
        if (price == null && hard && prices.unpriced() == Prices.Unpriced.REFUSE) {
            Budgets.Applicable a = planned.get(firstHard(counters)).applicable();
            throw new SpendRefusal(SpendRefusal.Reason.UNPRICED, "The model '" + request.model() + "' has no price, so "
                    + "the " + a.description() + " (a hard limit) cannot be held to it. Ask an administrator to price "
                    + "it (pricing: in the configuration) or to choose another policy for unpriced models "
                    + "(AURELIS_SPEND_UNPRICED).", null, false, List.of());
        }
        boolean bounded = price != null && hard;
        long promptBound = bounded ? ReservationBound.prompt(request) : 0;
        long outputBound = bounded ? ReservationBound.output(request) : 0;
        Long outputCap = bounded ? ReservationBound.capToSend(request) : null;
        long amount = Money.microsUp(price == null ? BigDecimal.ZERO
                : bounded ? ReservationBound.cost(price, promptBound, outputBound) : maxCost(price, prompt, output));
        CounterStore.ReserveOp op = new CounterStore.ReserveOp(spender.tenantId(), request.requestId(), now,
                now + RESERVATION_LIFETIME.toMillis(), amount, counters, buckets, mayDowngrade);

        CounterStore[] used = new CounterStore[1];
        CounterStore.ReserveOutcome outcome = reserve(op, planned, spender.tenantId(), used);
        if (outcome.status() == CounterStore.Status.OVER_BUDGET && bounded && ReservationBound.mayCap(request)) {
            // No output cap of its own and too little headroom for the model's whole output: cap it to what fits.
            long headroom = Long.MAX_VALUE;
            for (int i = 0; i < counters.size(); i++) {
                if (counters.get(i).mode() == CounterStore.HARD) {
                    headroom = Math.min(headroom, counters.get(i).limit() - outcome.spent()[i] - outcome.reserved()[i]);
                }
            }
            long cap = ReservationBound.capWithin(price, promptBound, headroom, outputBound);
            if (cap > 0 && Money.microsUp(ReservationBound.cost(price, promptBound, cap)) > headroom) {
                cap = ReservationBound.capWithin(price, promptBound, headroom - 1, outputBound); // a rounding's worth less
            }
            if (cap > 0) {
                outputCap = cap;
                amount = Money.microsUp(ReservationBound.cost(price, promptBound, cap));
                op = new CounterStore.ReserveOp(spender.tenantId(), request.requestId(), now,
                        now + RESERVATION_LIFETIME.toMillis(), amount, counters, buckets, mayDowngrade);
                outcome = reserve(op, planned, spender.tenantId(), used);
            }
        }

        String currency = policy.currency();
        return switch (outcome.status()) {
            case ADMITTED -> Admission.admitted(admitted(used[0], op, outcome, planned, plannedBuckets, estimatedTokens,
                    outputCap, currency));
            case DOWNGRADE -> {
                Reservation.Planned p = planned.get(outcome.index());
                String reason = p.applicable().description() + " is at " + percent(outcome.spent()[outcome.index()]
                        + outcome.reserved()[outcome.index()], counters.get(outcome.index()).limit()) + " of "
                        + Money.format(p.applicable().limit(), currency);
                yield new Admission(null, replacements.get(outcome.index()).orElseThrow(), reason);
            }
            case OVER_BUDGET -> throw overBudget(planned.get(outcome.index()), outcome.spent()[outcome.index()],
                    outcome.reserved()[outcome.index()], amount, currency);
            case THROTTLED -> {
                Reservation.Planned p = planned.get(outcome.index());
                throw new SpendRefusal(SpendRefusal.Reason.THROTTLED, "Requests are being slowed down because the "
                        + p.applicable().description() + " is at " + percent(outcome.spent()[outcome.index()]
                        + outcome.reserved()[outcome.index()], counters.get(outcome.index()).limit()) + " of "
                        + Money.format(p.applicable().limit(), currency) + "; try again in "
                        + seconds(outcome.retryAfterMillis()) + ".", Duration.ofMillis(outcome.retryAfterMillis()), true, List.of());
            }
            case RATE_LIMITED -> throw rateLimited(plannedBuckets.get(outcome.index()), outcome.retryAfterMillis());
            case NOT_SEEDED, RESET -> throw new SpendRefusal(SpendRefusal.Reason.COUNTERS_UNAVAILABLE,
                    "Budget counters are being rebuilt from the ledger; try again in a moment.", Duration.ofSeconds(1),
                    true, List.of());
        };
    }

    private static int firstHard(List<CounterStore.Counter> counters) {
        for (int i = 0; i < counters.size(); i++) {
            if (counters.get(i).mode() == CounterStore.HARD) {
                return i;
            }
        }
        return 0;
    }

    /** Reserves in the current store, building counters from the ledger first where they are not yet. */
    private CounterStore.ReserveOutcome reserve(CounterStore.ReserveOp op, List<Reservation.Planned> planned, String tenant,
            CounterStore[] used) {
        return withStore(store -> {
            used[0] = store;
            CounterStore.ReserveOutcome result = store.reserve(inGeneration(store, op, false));
            for (int attempt = 0; attempt < 5 && (result.status() == CounterStore.Status.NOT_SEEDED
                    || result.status() == CounterStore.Status.RESET); attempt++) {
                if (result.status() == CounterStore.Status.RESET) {
                    result = store.reserve(inGeneration(store, op, true));
                    continue;
                }
                Reservation.Planned p = planned.get(result.index());
                seed(store, tenant, p.applicable(), p.window());
                result = store.reserve(inGeneration(store, op, false));
            }
            return result;
        });
    }

    /**
     * The operation in the shared counters' current generation ({@code renew}: they were found lost, so start or
     * join the next one first). While a new generation is being rebuilt, a reservation under a hard limit is refused
     * for a moment: replicas are still putting back what they hold in flight (ADR 0030).
     */
    private CounterStore.ReserveOp inGeneration(CounterStore store, CounterStore.ReserveOp op, boolean renew) {
        if (store != redis) {
            return op;
        }
        CounterStore.Generation generation = renew ? generations.renew(store, op.tenant())
                : generations.current(store, op.tenant());
        long wait = generations.rebuildingFor(generation);
        if (wait > 0 && op.counters().stream().anyMatch(c -> c.mode() == CounterStore.HARD)) {
            throw new SpendRefusal(SpendRefusal.Reason.COUNTERS_UNAVAILABLE, "Budget counters are being rebuilt after "
                    + "the shared counter store lost them; try again in a moment.", Duration.ofMillis(wait), true, List.of());
        }
        return new CounterStore.ReserveOp(op.tenant(), op.reservationId(), op.now(), op.reservationExpiresAt(),
                op.amount(), op.counters(), op.buckets(), op.mayDowngrade(), generation);
    }

    private Reservation admitted(CounterStore store, CounterStore.ReserveOp op, CounterStore.ReserveOutcome outcome,
            List<Reservation.Planned> planned, List<Reservation.PlannedBucket> buckets, long estimatedTokens,
            Long outputCap, String currency) {
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            CounterStore.Counter c = op.counters().get(i);
            Budgets.Applicable a = planned.get(i).applicable();
            notes.add(a.description());
            long used = outcome.spent()[i] + outcome.reserved()[i] + op.amount();
            if (c.mode() != CounterStore.HARD && used > c.limit()) {
                warnings.add(a.description() + " is over its limit of " + Money.format(a.limit(), currency) + " ("
                        + Money.formatMicros(outcome.spent()[i], currency) + " spent)");
            }
        }
        List<RateLimitStatus> statuses = new ArrayList<>(2);
        for (String kind : List.of("requests", "tokens")) {
            RateLimitStatus tightest = null;
            for (int j = 0; j < buckets.size(); j++) {
                if (!buckets.get(j).kind().equals(kind)) {
                    continue;
                }
                long capacity = buckets.get(j).bucket().capacity();
                RateLimitStatus status = new RateLimitStatus(kind, capacity, Math.max(0, outcome.bucketRemaining()[j]),
                        Math.max(0, outcome.bucketResetMillis()[j]));
                if (tightest == null || (double) status.remaining() / status.limit()
                        < (double) tightest.remaining() / tightest.limit()) {
                    tightest = status;
                }
            }
            if (tightest != null) {
                statuses.add(tightest);
            }
        }
        Reservation reservation = new Reservation(store, op.tenant(), op.reservationId(), op.member(), op.amount(),
                estimatedTokens, op.reservationExpiresAt(), outputCap, op.counters(), planned, buckets, statuses, warnings,
                notes);
        if (!reservation.isEmpty()) {
            generations.held(reservation);
        }
        return reservation;
    }

    private SpendRefusal overBudget(Reservation.Planned p, long spent, long reserved, long amount, String currency) {
        Budgets.Applicable a = p.applicable();
        ZonedDateTime reset = p.window().end();
        StringBuilder message = new StringBuilder("Budget exceeded: the ").append(a.description()).append(" is ")
                .append(Money.format(a.limit(), currency)).append("; ").append(Money.formatMicros(spent, currency))
                .append(" is spent");
        if (reserved > 0) {
            message.append(" and ").append(Money.formatMicros(reserved, currency)).append(" is held by requests in flight");
        }
        message.append(", and this request may cost up to ").append(Money.formatMicros(amount, currency))
                .append(". The budget resets at ").append(reset.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" (").append(reset.getZone().getId()).append(").");
        Duration untilReset = Duration.between(clock.instant(), reset.toInstant());
        return new SpendRefusal(SpendRefusal.Reason.BUDGET_EXCEEDED, message.toString(),
                untilReset.isNegative() ? Duration.ZERO : untilReset, false, List.of());
    }

    private static SpendRefusal rateLimited(Reservation.PlannedBucket b, long retryAfterMillis) {
        long capacity = b.bucket().capacity();
        if (retryAfterMillis < 0) {
            return new SpendRefusal(SpendRefusal.Reason.RATE_LIMITED, "This request may use up to " + b.bucket().cost()
                    + " tokens, more than the " + b.holder() + " may use in a minute (" + capacity
                    + " tokens per minute); ask for fewer output tokens or send a shorter prompt.", null, false, List.of());
        }
        return new SpendRefusal(SpendRefusal.Reason.RATE_LIMITED, "Rate limit reached: the " + b.holder() + " may send "
                + capacity + " " + b.kind() + " per minute; try again in " + seconds(retryAfterMillis) + ".",
                Duration.ofMillis(retryAfterMillis), true, List.of(new RateLimitStatus(b.kind(), capacity, 0, retryAfterMillis)));
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(Math.max(1, millis)).movePointLeft(3).setScale(millis < 10_000 ? 1 : 0, RoundingMode.CEILING)
                .toPlainString() + " s";
    }

    private static String percent(long used, long limit) {
        if (limit <= 0) {
            return "100%";
        }
        return BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(limit), 0,
                RoundingMode.DOWN) + "%";
    }

    private long maxOutput(SpendRequest request, SpendPolicy policy, long prompt) {
        if (request.requestedMaxOutput() != null && request.requestedMaxOutput() > 0) {
            return request.requestedMaxOutput();
        }
        if (policy.defaultMaxOutputTokens() != null) {
            return policy.defaultMaxOutputTokens();
        }
        if (request.contextWindow() != null && request.contextWindow() > prompt) {
            return request.contextWindow() - prompt;
        }
        return ASSUMED_MAX_OUTPUT;
    }

    /**
     * The most an exchange can cost: the prompt estimated locally with a margin for tokenizers that differ (10 % and
     * 16 tokens), written to a prompt cache if that costs more, plus every output token it may produce.
     */
    static BigDecimal maxCost(Price price, long prompt, long output) {
        long input = (long) Math.ceil(prompt * 1.1) + 16;
        BigDecimal plain = price.cost(new TokenUsage(input, 0, 0, output, 0));
        BigDecimal cached = price.cost(new TokenUsage(input, 0, input, output, 0));
        return plain.max(cached);
    }

    private boolean cheaper(String target, Price current, long prompt, long output) {
        if (current == null) {
            return false;
        }
        return prices.priceOf(target).map(p -> maxCost(p, prompt, output).compareTo(maxCost(current, prompt, output)) < 0)
                .orElse(false);
    }

    private static List<Reservation.PlannedBucket> rateLimits(RateLimitPolicy policy, Spender spender) {
        if (policy == RateLimitPolicy.NONE) {
            return List.of();
        }
        List<Reservation.PlannedBucket> buckets = new ArrayList<>(6);
        if (spender.keyId() != null) {
            add(buckets, "key:" + spender.keyId(), "API key " + spender.keyId(), policy.perKey());
        }
        if (spender.email() != null) {
            add(buckets, "user:" + spender.email().toLowerCase(java.util.Locale.ROOT), "user '" + spender.email() + "'",
                    policy.forUser(spender.email()));
        }
        if (spender.team() != null) {
            add(buckets, "team:" + spender.team(), "team '" + spender.team() + "'", policy.forTeam(spender.team()));
        }
        return buckets;
    }

    private static void add(List<Reservation.PlannedBucket> buckets, String key, String holder, RateLimitPolicy.Rate rate) {
        if (rate.requestsPerMinute() != null) {
            buckets.add(new Reservation.PlannedBucket("requests", holder,
                    new CounterStore.Bucket(key + ":requests", rate.requestsPerMinute(), 1)));
        }
        if (rate.tokensPerMinute() != null) {
            buckets.add(new Reservation.PlannedBucket("tokens", holder,
                    new CounterStore.Bucket(key + ":tokens", rate.tokensPerMinute(), 0)));
        }
    }

    // ---------------------------------------------------------------- settle and release

    /** Settles the reservation to the record's cost (the record is the truth) and publishes thresholds crossed. */
    public void settle(Reservation reservation, UsageRecord record) {
        if (reservation == null || reservation.isEmpty() || !reservation.finish()) {
            return;
        }
        long actual = Money.microsUp(record.cost());
        long now = clock.millis();
        List<CounterStore.Bucket> refunds = refunds(reservation, reservation.estimatedTokens - record.usage().totalTokens());
        CounterStore.SettleOp op = new CounterStore.SettleOp(reservation.tenant, reservation.member,
                reservation.requestId, now, reservation.amount, actual, reservation.counters, refunds);
        CounterStore.SettleOutcome outcome;
        reservation.settledTo(actual);
        try {
            outcome = reservation.store.settle(op);
        } catch (CountersUnavailable e) {
            // The ledger has the record; the counters are rebuilt from it once Redis answers again.
            markRedisDown(e);
            return;
        }
        String currency = budgets.policy().currency();
        for (int i = 0; i < reservation.planned.size(); i++) {
            int[] crossed = outcome.crossed().get(i);
            if (crossed.length == 0) {
                continue;
            }
            Reservation.Planned p = reservation.planned.get(i);
            Budgets.Applicable a = p.applicable();
            for (int index : crossed) {
                events.crossed(new BudgetThresholdCrossed(UUID.randomUUID(), reservation.tenant, a.ruleId(),
                        a.scope().wireName(), a.subject(), a.period().wireName(), p.window().key(), p.thresholds()[index],
                        a.limit(), Money.fromMicros(outcome.spentAfter()[i]), currency, a.description(),
                        Instant.ofEpochMilli(now)));
            }
        }
    }

    /** Gives back everything the reservation holds: the exchange ended without a usage record. */
    public void release(Reservation reservation) {
        if (reservation == null || reservation.isEmpty() || !reservation.finish()) {
            return;
        }
        generations.done(reservation);
        try {
            reservation.store.release(reservation.tenant, reservation.member, reservation.amount, reservation.counters,
                    refunds(reservation, reservation.estimatedTokens), clock.millis());
        } catch (CountersUnavailable e) {
            markRedisDown(e);
        }
    }

    /**
     * The settled exchange's record is durable in the ledger (committed or spilled): the counters no longer need to
     * hold it should they be lost, and a settled cost they held again after a loss is given back.
     */
    public void durable(Reservation reservation) {
        if (reservation == null || reservation.isEmpty()) {
            return;
        }
        generations.done(reservation);
        Reservation.Held again = reservation.adoptedSettlement();
        if (again != null) {
            try {
                reservation.store.release(reservation.tenant, again.member(), again.amount(), reservation.counters,
                        List.of(), clock.millis());
            } catch (CountersUnavailable e) {
                markRedisDown(e);
            }
        }
    }

    /** Notices lost counters within a second, so this replica's reservations in flight are held again in time. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void checkGenerations() {
        if (redis != null && !redisDown) {
            generations.check(redis);
        }
    }

    private static List<CounterStore.Bucket> refunds(Reservation reservation, long tokens) {
        List<CounterStore.Bucket> refunds = new ArrayList<>(reservation.buckets.size());
        for (Reservation.PlannedBucket b : reservation.buckets) {
            refunds.add(new CounterStore.Bucket(b.bucket().key(), b.bucket().capacity(),
                    b.kind().equals("tokens") ? tokens : 0));
        }
        return refunds;
    }

    // ---------------------------------------------------------------- status

    /** A budget with its effective rules and current period (the API filters budgets by reach first). */
    public BudgetState state(Budget budget) {
        SpendPolicy policy = budgets.policy();
        boolean hard = budget.hardLimit() != null ? budget.hardLimit() : policy.hardByDefault();
        String enforcement = hard ? "hard" : policy.softGrace() == null ? "soft"
                : "soft, hardens after " + policy.softGrace().toHours() + " h";
        Downgrade downgrade = budget.downgrade() != null ? budget.downgrade() : policy.downgrade();
        List<BigDecimal> thresholds = List.of(Thresholds.of(budget, policy, budget.limit()).fractions());
        return new BudgetState(budget, enforcement, thresholds, downgrade, status(budget), policy.currency());
    }

    /** Spent and reserved (micro-units) and exceeded-at of a budget's counter for the current period. */
    public BudgetStatus status(Budget budget) {
        SpendPolicy policy = budgets.policy();
        PeriodWindow window = budget.period().windowAt(clock.instant(), policy.zone(), policy.fiscalYearStartMonth());
        return status(budget.tenantId(), budget.id(), budget.scope(), budget.subject(), budget.providers(), budget.limit(),
                window);
    }

    /** The current-period status of {@code user}'s default budget from {@code user_limits}, if one applies. */
    BudgetStatus status(String tenant, UUID ruleId, BudgetScope scope, String subject, java.util.Set<String> providers,
            BigDecimal limit, PeriodWindow window) {
        String key = SpendSeeding.counterKey(window, ruleId, subject);
        long[] values;
        try {
            values = withStore(store -> {
                if (!"seeded".equals(store.seedState(tenant, SpendSeeding.seedKey(window, ruleId)))) {
                    seeding.seed(store, tenant, ruleId, scope, scope == BudgetScope.ORGANIZATION ? "" : subject,
                            providers, window);
                }
                return store.read(tenant, List.of(key)).get(key);
            });
        } catch (SpendRefusal | CountersUnavailable e) {
            values = null;
        }
        return new BudgetStatus(window.key(), window.start().toOffsetDateTime(), window.end().toOffsetDateTime(),
                values == null ? null : Money.fromMicros(values[0]), values == null ? null : Money.fromMicros(values[1]),
                values == null || values[2] == 0 ? null : Instant.ofEpochMilli(values[2]));
    }

    // ---------------------------------------------------------------- seeding and stores

    private void seed(CounterStore store, String tenant, Budgets.Applicable a, PeriodWindow window) {
        String subject = a.budget() == null ? null : a.subject();
        Object lock = seedLocks.computeIfAbsent(tenant + "/" + SpendSeeding.seedKey(window, a.ruleId()), k -> new Object());
        synchronized (lock) {
            seeding.seed(store, tenant, a.ruleId(), a.scope(), subject, a.providers(), window);
        }
    }

    /** Builds the counters of the current (and, near its end, the next) period of every budget of the tenant. */
    void seedCurrentPeriods(String tenant) {
        SpendPolicy policy = budgets.policy();
        Instant now = clock.instant();
        try {
            withStore(store -> {
                for (Budget b : budgets.list(tenant)) {
                    for (PeriodWindow window : windows(b.period(), now, policy)) {
                        Budgets.Applicable a = new Budgets.Applicable(b.id(), b, b.scope(), b.subject(), b.providers(),
                                b.period(), b.limit(), b.describe());
                        seed(store, tenant, a, window);
                    }
                }
                if (policy.userLimits() != null) {
                    for (PeriodWindow window : windows(BudgetPeriod.MONTHLY, now, policy)) {
                        seed(store, tenant, new Budgets.Applicable(Budgets.userDefaultsId(tenant), null, BudgetScope.USER,
                                null, java.util.Set.of(), BudgetPeriod.MONTHLY, BigDecimal.ZERO, "user defaults"), window);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Could not build budget counters of tenant {} from the ledger yet ({}); they are built on first use",
                    tenant, e.getMessage());
        }
    }

    private static List<PeriodWindow> windows(BudgetPeriod period, Instant now, SpendPolicy policy) {
        PeriodWindow current = period.windowAt(now, policy.zone(), policy.fiscalYearStartMonth());
        if (Duration.between(now, current.end().toInstant()).compareTo(Duration.ofMinutes(15)) < 0) {
            return List.of(current, current.next());
        }
        return List.of(current);
    }

    /** Keeps counters ready for the next period before it begins and forgets old ones. */
    @Scheduled(fixedDelayString = "${aurelis.spend.maintenance-interval:60s}", initialDelayString = "${aurelis.spend.maintenance-interval:60s}")
    void maintain() {
        budgets.tenants().forEach(this::seedCurrentPeriods);
        long now = clock.millis();
        local.purge(now);
        LocalCounters f = fallback;
        if (f != null) {
            f.purge(now);
        }
    }

    private <T> T withStore(Function<CounterStore, T> action) {
        CounterStore store = store();
        try {
            return action.apply(store);
        } catch (CountersUnavailable e) {
            if (store != redis) {
                throw e;
            }
            markRedisDown(e);
            return action.apply(degraded());
        }
    }

    private CounterStore store() {
        if (redis == null) {
            return local;
        }
        if (redisDown) {
            if (clock.millis() < redisRetryAt || !recover()) {
                return degraded();
            }
        }
        return redis;
    }

    /** While Redis is unreachable: refuse, or enforce this replica's share in memory. */
    private CounterStore degraded() {
        SpendPolicy policy = budgets.policy();
        if (policy.failClosed()) {
            throw new SpendRefusal(SpendRefusal.Reason.COUNTERS_UNAVAILABLE, "Budgets and rate limits cannot be "
                    + "checked because their shared counters are unreachable; try again shortly.",
                    Duration.ofMillis(REDIS_RETRY_MILLIS), true, List.of());
        }
        LocalCounters current = fallback;
        if (current == null) {
            synchronized (redisState) {
                current = fallback;
                if (current == null) {
                    current = new LocalCounters(policy.localShareReplicas());
                    fallback = current;
                }
            }
        }
        return current;
    }

    private void markRedisDown(CountersUnavailable e) {
        synchronized (redisState) {
            if (!redisDown) {
                SpendPolicy policy = budgets.policy();
                log.warn("Redis at {} is unreachable ({}): {}", redisLocation, e.getMessage(), policy.failClosed()
                        ? "refusing requests that budgets or rate limits govern until it answers (on_redis_failure: fail_closed)"
                        : "each replica now enforces 1/" + policy.localShareReplicas()
                                + " of the remaining headroom in memory (on_redis_failure: local_share)");
            }
            redisDown = true;
            redisRetryAt = clock.millis() + REDIS_RETRY_MILLIS;
        }
    }

    /** Redis answers again: forget its counters, which missed what happened meanwhile, so they are rebuilt. */
    private boolean recover() {
        synchronized (redisState) {
            if (!redisDown) {
                return true;
            }
            if (!redis.reachable()) {
                redisRetryAt = clock.millis() + REDIS_RETRY_MILLIS;
                return false;
            }
            try {
                budgets.tenants().forEach(redis::forget);
            } catch (CountersUnavailable e) {
                redisRetryAt = clock.millis() + REDIS_RETRY_MILLIS;
                return false;
            }
            fallback = null;
            redisDown = false;
            log.info("Redis at {} answers again; budget counters are rebuilt from the ledger", redisLocation);
            return true;
        }
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redis.close();
        }
    }
}
