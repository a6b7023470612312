package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.ImplausibleUsageReported;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
import dev.aurelis.routing.Router;
import dev.aurelis.spend.Price;
import dev.aurelis.spend.Prices;
import dev.aurelis.spend.SpendGuard;
import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** The ledger record of an exchange's current attempt (or of the exchange, when it ended before any), priced. */
@Component
class UsageRecords {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UsageRecords.class);

    private final Prices prices;
    private final Router router;
    private final SpendGuard spend;
    private final ImplausibleReports implausible;

    UsageRecords(Prices prices, SpendGuard spend, ImplausibleReports implausible, Router router) {
        this.router = router;
        this.prices = prices;
        this.spend = spend;
        this.implausible = implausible;
    }

    /**
     * The route the attempts took, with the model variant and the workspace the request named (the ledger has no
     * field of its own for them).
     */
    private static String route(Exchange exchange) {
        String route = exchange.attempts() == null ? null : exchange.attempts().route();
        if (exchange.variant() != null) {
            String note = "variant=" + exchange.variant().name() + " of " + exchange.variant().baseModel();
            route = route == null ? note : route + "; " + note;
        }
        if (exchange.workspace() == null) {
            return route;
        }
        return route == null ? exchange.workspace().note() : route + "; " + exchange.workspace().note();
    }

    /** @param retried the attempt failed and another attempt of this exchange follows it */
    UsageRecord of(Exchange exchange, int status, String errorType, boolean retried) {
        Arrival arrival = exchange.arrival();
        Caller caller = exchange.caller();
        AttemptRun attempt = exchange.attempt();
        Deployment deployment = attempt == null ? null : attempt.deployment();
        ReportedUsage usage = attempt == null ? new ReportedUsage() : attempt.usage();
        ChargedUsage charged = attempt == null ? new ChargedUsage(TokenUsage.NONE, null) : ChargedUsage.of(attempt);
        TokenUsage tokens = charged.tokens();
        if (ChargedUsage.IMPLAUSIBLE.equals(charged.estimate())) {
            log.warn("Request {}: provider {} reported usage out of bounds ({}); recorded the bounded estimate {} instead",
                    arrival.requestId(), deployment == null ? null : deployment.provider().name(), usage.tokens(), tokens);
            implausible.reported(new ImplausibleUsageReported(caller.tenantId().value(), arrival.requestId(),
                    caller.email(), deployment == null ? null : deployment.provider().name(), exchange.model(),
                    usage.tokens().inputTokens(), usage.tokens().outputTokens(), tokens.inputTokens(),
                    tokens.outputTokens(), Instant.now()));
        }
        String served = deployment == null ? null : deployment.model();
        String providerModel = usage.model() != null ? usage.model() : deployment == null ? null : deployment.providerModelId();
        Price own = deployment == null ? null : router.ownPrice(deployment);
        Optional<Price> price = deployment == null ? Optional.empty() : own != null ? Optional.of(own)
                : prices.priceOf(served, deployment.providerModelId(), providerModel);
        boolean priced = price.isPresent() || tokens.isZero();
        BigDecimal cost = price.map(p -> p.cost(tokens)).orElse(BigDecimal.ZERO);
        long end = attempt != null && attempt.endNanos() != 0 ? attempt.endNanos() : System.nanoTime();
        long firstEvent = attempt == null ? 0 : attempt.firstEventNanos();
        Integer firstToken = firstEvent == 0 ? null : (int) TimeUnit.NANOSECONDS.toMillis(firstEvent - arrival.startNanos());
        return new UsageRecord(UUID.randomUUID(), caller.tenantId().value(), arrival.startedAt(), arrival.requestId(),
                caller.userId(), caller.email(), caller.keyId(), caller.team(), caller.department(), exchange.costCenter(),
                exchange.project(), exchange.model(), served, providerModel,
                deployment == null ? null : deployment.provider().name(), arrival.endpoint(), arrival.clientTool(),
                exchange.streamed(), tokens, cost, spend.currency(), priced, status, errorType,
                (int) TimeUnit.NANOSECONDS.toMillis(end - arrival.startNanos()), firstToken,
                exchange.task() == null ? null : exchange.task().task().configName(),
                route(exchange),
                attempt == null ? 1 : attempt.number(), retried, charged.estimate(),
                exchange.privacy() == null ? null : exchange.privacy().note());
    }
}
