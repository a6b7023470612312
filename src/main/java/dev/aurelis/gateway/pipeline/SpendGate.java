package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.ModelCatalog;
import dev.aurelis.routing.Router;
import dev.aurelis.spend.Price;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.spend.Admission;
import dev.aurelis.spend.Prices;
import dev.aurelis.spend.RateLimitStatus;
import dev.aurelis.spend.Reservation;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.spend.SpendRefusal;
import dev.aurelis.spend.SpendRequest;
import dev.aurelis.spend.Spender;
import dev.aurelis.spend.UsageRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's side of spend governance: turns a request into what it may cost, reserves it (serving the cheaper
 * model a downgrade policy names, if it asks for one), writes the rate-limit headers, and answers refusals in the
 * caller's wire format. Settling and releasing pass straight through to {@link SpendGuard}.
 */
@Component
class SpendGate {

    private static final Logger log = LoggerFactory.getLogger(SpendGate.class);

    /**
     * The reservation to settle, the deployment that will serve (a cheaper one after a downgrade), and the bounds its
     * usage is held to (with the output cap the provider is sent), and the local figures of the prompt.
     */
    record Admitted(Reservation reservation, Deployment deployment, UsageBounds bounds, PromptFigures prompt) {
    }

    private final SpendGuard guard;
    private final ModelCatalog catalog;
    private final Router router;
    private final Prices prices;

    SpendGate(SpendGuard guard, ModelCatalog catalog, Prices prices, Router router) {
        this.router = router;
        this.guard = guard;
        this.catalog = catalog;
        this.prices = prices;
    }

    /**
     * Reserves the attempt's maximum cost, or refuses it in the caller's wire format; the attempt is admitted with
     * the reservation and the deployment that will serve it.
     *
     * @return the request to send: the same, or with the output cap a hard budget's reservation depends on
     */
    ExchangeRequest reserve(Exchange exchange, AttemptRun attempt, ExchangeRequest request, HttpServletResponse response) {
        WireFormat format = exchange.arrival().format();
        Admitted admitted = reserve(exchange.caller(), format, request.body(), attempt.deployment(),
                exchange.requestId(), exchange.project(), exchange.costCenter(), attempt.number(), response);
        attempt.admitted(admitted);
        Long cap = admitted.reservation().outputCap();
        if (cap == null) {
            return request;
        }
        ObjectNode capped = Json.topLevelCopy(request.body()); // the cap is a top-level field
        RequestDefaults.setOutputCap(format, capped, Math.toIntExact(Math.min(cap, Integer.MAX_VALUE)));
        return request.rewritten(capped);
    }

    private Admitted reserve(Caller caller, WireFormat format, ObjectNode body, Deployment deployment, String requestId,
            String project, String costCenter, int attempt, HttpServletResponse response) {
        Spender spender = new Spender(caller.tenantId().value(), caller.userId(), caller.email(), caller.keyId(),
                caller.team(), caller.department(), costCenter, project, caller.grants().roleSet());
        // Reservations take the cheap estimate; the tokenizer counts only for a record whose usage report is missing.
        PromptFigures figures = new PromptFigures(format, body);
        LongSupplier prompt = figures::estimate;
        LongSupplier promptBound = figures::upperBound;
        Long cap = RequestDefaults.requestedOutputCap(body);
        boolean embeddings = format == WireFormat.OPENAI_EMBEDDINGS;
        try {
            Admission admission = guard.reserve(request(spender, requestId, deployment, prompt, promptBound, cap, embeddings,
                    true, attempt));
            if (admission.downgrade()) {
                Optional<Deployment> cheaper = catalog.resolve(admission.downgradeTo())
                        .filter(d -> caller.mayUseModel(d.model()));
                if (cheaper.isPresent()) {
                    String reason = admission.downgradeReason();
                    admission = guard.reserve(request(spender, requestId, cheaper.get(), prompt, promptBound, cap,
                            embeddings, false, attempt));
                    response.setHeader("x-aurelis-downgraded-from", deployment.model());
                    response.setHeader("x-aurelis-downgrade-reason", headerText(reason));
                    log.debug("Request {}: serving {} instead of {}", requestId, cheaper.get().model(), deployment.model());
                    deployment = cheaper.get();
                } else {
                    log.warn("Downgrade model '{}' is not served here or not allowed to team '{}'; serving '{}' as asked",
                            admission.downgradeTo(), caller.team(), deployment.model());
                    admission = guard.reserve(request(spender, requestId, deployment, prompt, promptBound, cap,
                            embeddings, false, attempt));
                }
            }
            Reservation reservation = admission.reservation();
            writeRateLimitHeaders(format, reservation.rateLimits(), response);
            if (!reservation.warnings().isEmpty()) {
                response.setHeader("x-aurelis-budget-warning", headerText(String.join("; ", reservation.warnings())));
            }
            Long sentCap = reservation.outputCap() != null ? reservation.outputCap() : cap;
            return new Admitted(reservation, deployment,
                    new UsageBounds(figures::count, promptBound, embeddings ? Long.valueOf(0) : sentCap,
                            deployment.served().contextWindow()), figures);
        } catch (SpendRefusal refusal) {
            throw refused(format, refusal, response);
        }
    }

    void settle(Reservation reservation, UsageRecord record) {
        guard.settle(reservation, record);
    }

    void release(Reservation reservation) {
        guard.release(reservation);
    }

    /** The settled reservation's record is durable in the ledger. */
    void durable(Reservation reservation) {
        guard.durable(reservation);
    }

    private SpendRequest request(Spender spender, String requestId, Deployment deployment, LongSupplier prompt,
            LongSupplier promptBound, Long cap, boolean embeddings, boolean mayDowngrade, int attempt) {
        return new SpendRequest(spender, requestId, deployment.model(), deployment.provider().name(),
                deployment.provider().type(), priceOf(deployment),
                prompt, promptBound, cap, deployment.served().contextWindow(), embeddings, mayDowngrade, attempt);
    }

    /** An organisation model's own price, else the price of the deployment's model by name. */
    private Price priceOf(Deployment deployment) {
        Price own = router.ownPrice(deployment);
        return own != null ? own : prices.priceOf(deployment.model(), deployment.providerModelId()).orElse(null);
    }

    private static GatewayError refused(WireFormat format, SpendRefusal refusal, HttpServletResponse response) {
        Duration retryAfter = refusal.retryAfter();
        if (retryAfter != null) {
            long millis = Math.max(1, retryAfter.toMillis());
            response.setHeader("retry-after", Long.toString((millis + 999) / 1000));
            response.setHeader("retry-after-ms", Long.toString(millis));
        }
        // The vendors' SDKs honour this header: retrying a budget that is spent for the month helps nobody.
        response.setHeader("x-should-retry", Boolean.toString(refusal.retryable()));
        writeRateLimitHeaders(format, refusal.rateLimits(), response);
        return switch (refusal.reason()) {
            case BUDGET_EXCEEDED -> new GatewayError(GatewayError.Kind.BUDGET_EXCEEDED, 429, refusal.getMessage(),
                    "budget_exceeded", null);
            case THROTTLED -> new GatewayError(GatewayError.Kind.RATE_LIMITED, 429, refusal.getMessage(),
                    "budget_throttled", null);
            case RATE_LIMITED -> new GatewayError(GatewayError.Kind.RATE_LIMITED, 429, refusal.getMessage(),
                    refusal.retryable() ? "rate_limit_exceeded" : "request_exceeds_rate_limit", null);
            case COUNTERS_UNAVAILABLE -> new GatewayError(GatewayError.Kind.UNAVAILABLE, 503, refusal.getMessage(),
                    "spend_counters_unavailable", null);
            case UNPRICED -> new GatewayError(GatewayError.Kind.PERMISSION, 403, refusal.getMessage(), "model_not_priced",
                    "model");
        };
    }

    /** {@code x-ratelimit-*} as OpenAI sends them, and {@code anthropic-ratelimit-*} for Anthropic clients. */
    private static void writeRateLimitHeaders(WireFormat format, List<RateLimitStatus> limits, HttpServletResponse response) {
        for (RateLimitStatus limit : limits) {
            response.setHeader("x-ratelimit-limit-" + limit.kind(), Long.toString(limit.limit()));
            response.setHeader("x-ratelimit-remaining-" + limit.kind(), Long.toString(limit.remaining()));
            response.setHeader("x-ratelimit-reset-" + limit.kind(), duration(limit.resetMillis()));
            if (format.isAnthropic()) {
                String kind = limit.kind().equals("tokens") ? "tokens" : "requests";
                response.setHeader("anthropic-ratelimit-" + kind + "-limit", Long.toString(limit.limit()));
                response.setHeader("anthropic-ratelimit-" + kind + "-remaining", Long.toString(limit.remaining()));
                response.setHeader("anthropic-ratelimit-" + kind + "-reset",
                        Instant.now().plusMillis(limit.resetMillis()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            }
        }
    }

    /** A duration as OpenAI writes it in rate-limit headers: {@code 20ms}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).setScale(millis % 1000 == 0 ? 0 : 3, RoundingMode.UNNECESSARY)
                    .stripTrailingZeros().toPlainString() + "s";
        }
        long seconds = (millis + 999) / 1000;
        return (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    /** Header values must be ISO-8859-1; names of teams and budgets may not be. */
    private static String headerText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
