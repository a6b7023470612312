package dev.aurelis.gateway.pipeline;

import dev.aurelis.access.Permission;
import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.wire.GatewayAuthentication;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.LargeBodies;
import dev.aurelis.gateway.wire.RequestBodies;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.Attempt;
import dev.aurelis.routing.Attempts;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.NoRoute;
import dev.aurelis.routing.RoutePlan;
import dev.aurelis.routing.RouteRequest;
import dev.aurelis.routing.Router;
import dev.aurelis.routing.TaskDetection;
import dev.aurelis.storage.DatabaseFailures;
import dev.aurelis.tenancy.Project;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exchange pipeline (the hot path), read top to bottom: admit the exchange within the gateway's limits
 * ({@link Admission}), identify the caller from memory, validate the request, check access (the model, and the
 * permission of the task the request serves), apply the model variant it names ({@link VariantStep}), add the
 * context of the workspace it names ({@link WorkspaceStep}),
 * privacy, the configured request defaults (output cap, temperature), plan the route, then attempt deployments along the plan until one answers: reserve the attempt's cost, call the
 * provider and relay its answer, settle. An attempt is retried or failed over only while the client has received nothing of
 * it; every attempt made is in the ledger, and an answer's last byte waits for its record to be durable.
 */
@Component
public class Exchanges {

    private static final Logger log = LoggerFactory.getLogger(Exchanges.class);

    /** Explains on every routed answer how its model was chosen and what was tried. */
    static final String ROUTE_HEADER = "x-aurelis-route";
    private static final String REQUEST_ID_HEADER = "x-aurelis-request-id";

    private final Admission admission;
    private final GatewayAuthentication authentication;
    private final GatewaySettings settings;
    private final PrivacyStep privacy;
    private final SpendGate spend;
    private final Router router;
    private final ProviderCall provider;
    private final Settlement settlement;
    private final FailureAnswers failures;
    private final ProjectBilling projects;
    private final LargeBodies largeBodies;
    private final WorkspaceStep workspaces;
    private final ExchangeTracing tracing;
    private final VariantStep variants;

    Exchanges(Admission admission, GatewayAuthentication authentication, GatewaySettings settings, PrivacyStep privacy,
            SpendGate spend, Router router, ProviderCall provider, Settlement settlement, FailureAnswers failures,
            ProjectBilling projects, LargeBodies largeBodies, WorkspaceStep workspaces, ExchangeTracing tracing,
            VariantStep variants) {
        this.variants = variants;
        this.tracing = tracing;
        this.largeBodies = largeBodies;
        this.workspaces = workspaces;
        this.admission = admission;
        this.authentication = authentication;
        this.settings = settings;
        this.privacy = privacy;
        this.spend = spend;
        this.router = router;
        this.provider = provider;
        this.settlement = settlement;
        this.failures = failures;
        this.projects = projects;
    }

    /** Handles one exchange; every outcome is an answer in the client's wire format. */
    public void handle(WireFormat format, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Arrival arrival = Arrival.of(format, request);
        Exchange exchange = new Exchange(arrival, tracing.start(arrival));
        response.setHeader(REQUEST_ID_HEADER, exchange.requestId());
        LargeBodies.Permit large = LargeBodies.Permit.NONE;
        try {
            exchange.admitted(admission.enter(format));
            identify(exchange, request);
            large = largeBodies.admit(request, format);
            exchange.holdsBody(large);
            byte[] body = RequestBodies.read(request, settings);
            exchange.prepare();
            ExchangeRequest parsed = RequestValidation.parse(format, body, exchange);
            body = null; // the request holds the bytes now, and lets them go once they are sent (ADR 0077)
            access(exchange, parsed);
            parsed = variants.apply(exchange, parsed);
            parsed = workspace(exchange, parsed, response);
            Sendable sendable = sendable(exchange, parsed);
            parsed = null; // the frame lasts as long as the answer streams (see ExchangeRequest#releaseBodies)
            serve(exchange, route(exchange), sendable.onPremise(), sendable.offPremise(), response);
        } catch (GatewayError error) {
            failures.fail(exchange, error, response);
        } catch (UpstreamFailure failure) {
            failures.fail(exchange, ErrorMapping.of(failure), response);
        } catch (RuntimeException unexpected) {
            if (DatabaseFailures.unavailable(unexpected)) {
                // recorded (through the spill, the database being away) as the 503 the client gets
                log.warn("Exchange {} refused: the database does not answer ({})", exchange.requestId(),
                        DatabaseFailures.reason(unexpected));
                failures.fail(exchange, new GatewayError(GatewayError.Kind.UNAVAILABLE,
                        DatabaseFailures.UNAVAILABLE_MESSAGE), response);
                return;
            }
            log.error("Exchange {} failed", exchange.requestId(), unexpected);
            failures.fail(exchange, new GatewayError(GatewayError.Kind.INTERNAL, "Aurelis failed to handle the request "
                    + "(request " + exchange.requestId() + "); the log has the details."), response);
        } finally {
            settlement.release(exchange); // ended without a usage record: the reservation goes back
            exchange.leave();
            large.close();
            exchange.trace().end(); // after the last byte: a stream's span ends with the stream
        }
    }

    /** identity: the caller, from the key it presents (its records are in memory). */
    private void identify(Exchange exchange, HttpServletRequest request) {
        TraceStep step = exchange.trace().step("aurelis.identity");
        try {
            exchange.identified(authentication.authenticate(request));
        } catch (RuntimeException refused) {
            throw step.failed(refused);
        } finally {
            step.end();
        }
    }

    /** access: {@code models:use}, then the permission of the task the exchange serves (as routing detects it). */
    private void access(Exchange exchange, ExchangeRequest request) {
        TraceStep step = exchange.trace().step("aurelis.access");
        try {
            checkAccess(exchange, request);
        } catch (RuntimeException refused) {
            throw step.failed(refused);
        } finally {
            step.end();
        }
    }

    private void checkAccess(Exchange exchange, ExchangeRequest request) {
        if (!exchange.caller().has(Permission.MODELS_USE)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION,
                    "Your roles do not grant 'models:use'; ask an administrator for access.");
        }
        String ideFamily = ClientTool.ideFamily(exchange.arrival().clientTool());
        if (settings.refusesIdeFamily(ideFamily)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION, "Requests from this IDE assistant ('"
                    + exchange.arrival().clientTool() + "') are not allowed here: integrations.ide_integration."
                    + ideFamily + " is false.");
        }
        Project billed = projects.check(exchange.caller(), exchange.arrival().projectHeader());
        if (billed != null) {
            exchange.bills(billed);
        }
        DetectedTask task;
        try {
            task = TaskDetection.detect(exchange.arrival().format(), request.body(), exchange.arrival().headers());
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalid(e.getMessage(), null);
        }
        exchange.classified(task);
        TaskPermission.require(exchange.caller(), task);
    }

    /**
     * workspace: a request naming a workspace of its caller's gets the workspace's context and settings (before the
     * privacy step, which screens the context with the rest); the answer says what was added.
     */
    private ExchangeRequest workspace(Exchange exchange, ExchangeRequest request, HttpServletResponse response) {
        ExchangeRequest applied = workspaces.apply(exchange, request, router.settings().autoModel());
        if (exchange.workspace() != null) {
            response.setHeader(WorkspaceStep.CONTEXT_HEADER, exchange.workspace().note());
        }
        return applied;
    }

    /** The request as deployments on premise and off it are to be sent it (the same one unless privacy tells them apart). */
    private record Sendable(ExchangeRequest onPremise, ExchangeRequest offPremise) {
    }

    /** The privacy step's verdict applied, then the configured request defaults. */
    private Sendable sendable(Exchange exchange, ExchangeRequest parsed) {
        WireFormat format = exchange.arrival().format();
        PrivacyVerdict verdict = privacy.screen(exchange, parsed);
        ExchangeRequest onPremise = RequestDefaults.apply(format, privacy(exchange, parsed, verdict, true), settings);
        ExchangeRequest offPremise = verdict instanceof PrivacyVerdict.Screened screened
                && screened.offPremise() != screened.onPremise()
                ? RequestDefaults.apply(format, privacy(exchange, parsed, verdict, false), settings) : onPremise;
        return new Sendable(onPremise, offPremise);
    }

    /**
     * privacy: the request goes on as sent, with placeholders for what was found (for providers on premise, or for
     * the others), kept on premise (served by a local-processing model when one is configured), or is refused.
     */
    private static ExchangeRequest privacy(Exchange exchange, ExchangeRequest request, PrivacyVerdict verdict,
            boolean forOnPremise) {
        return switch (verdict) {
            case PrivacyVerdict.Allow allow -> request;
            case PrivacyVerdict.Block block -> throw block.refusal();
            case PrivacyVerdict.Screened screened -> {
                if (screened.onPremiseOnly() && forOnPremise) {
                    exchange.restrictToOnPremise();
                    if (screened.localModel() != null && !screened.localModel().equals(exchange.model())) {
                        exchange.servedLocally(screened.localModel());
                    }
                }
                ObjectNode body = forOnPremise ? screened.onPremise() : screened.offPremise();
                yield body == null ? request : request.rewritten(body);
            }
        };
    }

    /** routing: the ordered deployments that may serve the exchange. */
    private RoutePlan route(Exchange exchange) {
        RoutePlan plan;
        try {
            plan = router.plan(new RouteRequest(exchange.routedModel(), exchange.task(), exchange.arrival().format(),
                    exchange.caller()::mayUseModel, exchange.onPremiseOnly(), exchange.caller().tenantId().value(),
                    exchange.caller().team()));
        } catch (NoRoute refused) {
            throw refusal(exchange, refused);
        }
        return exchange.workspace() == null || exchange.workspace().defaultProvider() == null ? plan
                : preferring(plan, exchange.workspace().defaultProvider(), exchange.workspace().name());
    }

    /**
     * The plan with {@code provider}'s deployments first among those of the model the plan chose (its leading steps
     * of one kind); fallbacks stay where they are, so a workspace's provider never jumps the model asked for.
     */
    static RoutePlan preferring(RoutePlan plan, String provider, String workspace) {
        List<RoutePlan.Step> steps = plan.steps();
        if (steps.isEmpty()) {
            return plan;
        }
        int lead = 0;
        while (lead < steps.size() && steps.get(lead).why().equals(steps.get(0).why())) {
            lead++;
        }
        List<RoutePlan.Step> reordered = new ArrayList<>(steps.size());
        steps.subList(0, lead).stream().filter(s -> s.deployment().provider().name().equals(provider)).forEach(reordered::add);
        if (reordered.isEmpty() || steps.get(0).deployment().provider().name().equals(provider)) {
            return plan;
        }
        steps.subList(0, lead).stream().filter(s -> !s.deployment().provider().name().equals(provider)).forEach(reordered::add);
        reordered.addAll(steps.subList(lead, steps.size()));
        return new RoutePlan(plan.request(), plan.strategy(), reordered,
                plan.reason() + ", provider " + provider + " first (workspace " + workspace + ")");
    }

    /** Attempts along the plan until one answers: spend reserves, the provider is called, the attempt settles. */
    private void serve(Exchange exchange, RoutePlan plan, ExchangeRequest onPremise, ExchangeRequest offPremise,
            HttpServletResponse response) throws IOException {
        try (Attempts attempts = router.attempts(plan)) {
            exchange.routed(attempts);
            Attempt next = first(exchange, attempts);
            while (next != null) {
                AttemptRun attempt = exchange.begin(next);
                ExchangeRequest request = next.deployment().provider().onPremise() ? onPremise : offPremise;
                ExchangeRequest sent = reserve(exchange, attempt, request, response);
                FailedAttempt failed = call(exchange, attempt, sent, response);
                if (failed == null) {
                    exchange.trace().attemptEnded();
                    return; // the client has its answer, settled
                }
                attempt.ended();
                exchange.trace().attemptFailed(failed.recordedStatus(), failed.errorType());
                next = attempts.next(failed.failure()); // the same deployment after a backoff, or the next one
                if (next == null) {
                    failures.noAttemptLeft(exchange, failed, response);
                } else {
                    settlement.retried(exchange, failed.recordedStatus(), failed.errorType());
                }
            }
        }
    }

    /** spend: the attempt's maximum cost is reserved against budgets and rate limits, or the exchange is refused. */
    private ExchangeRequest reserve(Exchange exchange, AttemptRun attempt, ExchangeRequest request,
            HttpServletResponse response) {
        TraceStep step = exchange.trace().step("aurelis.budget.reserve");
        try {
            return spend.reserve(exchange, attempt, request, response);
        } catch (RuntimeException refused) {
            throw step.failed(refused);
        } finally {
            step.end();
        }
    }

    /** providers: the attempt's call, a client span of the exchange's trace (its context goes to the provider). */
    private FailedAttempt call(Exchange exchange, AttemptRun attempt, ExchangeRequest request,
            HttpServletResponse response) throws IOException {
        TraceStep call = exchange.trace().attempt(attempt);
        try {
            return provider.call(exchange, attempt, request, response);
        } catch (RuntimeException failed) {
            throw call.failed(failed);
        }
    }

    private Attempt first(Exchange exchange, Attempts attempts) {
        try {
            return attempts.first();
        } catch (NoRoute refused) {
            throw refusal(exchange, refused);
        }
    }

    private GatewayError refusal(Exchange exchange, NoRoute refused) {
        boolean named = !exchange.routedModel().equalsIgnoreCase(router.settings().autoModel());
        return ErrorMapping.of(refused, named, exchange.caller().team(), exchange.routedModel());
    }
}
