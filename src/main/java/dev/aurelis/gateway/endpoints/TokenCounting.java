package dev.aurelis.gateway.endpoints;

import dev.aurelis.access.Permission;
import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.gateway.pipeline.RequestValidation;
import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayAuthentication;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.LargeBodies;
import dev.aurelis.gateway.wire.Redaction;
import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.gateway.wire.RequestBodies;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.UpstreamAnswer;
import dev.aurelis.providers.UpstreamClient;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.UpstreamOperation;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.Router;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages/count_tokens}: asked of the provider when it is Anthropic; otherwise counted here
 * with the gateway's one prompt-token estimate ({@link PromptTokens}, an estimate for models with another
 * tokenizer). Counting costs nothing, so it writes no usage record.
 */
@Component
class TokenCounting {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TokenCounting.class);

    private final GatewayAuthentication authentication;
    private final Router router;
    private final UpstreamClient upstream;
    private final GatewaySettings settings;
    private final LargeBodies largeBodies;

    TokenCounting(GatewayAuthentication authentication, Router router, UpstreamClient upstream,
            GatewaySettings settings, LargeBodies largeBodies) {
        this.largeBodies = largeBodies;
        this.authentication = authentication;
        this.router = router;
        this.upstream = upstream;
        this.settings = settings;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Caller caller = authentication.authenticate(request);
            try (LargeBodies.Permit large = largeBodies.admit(request, WireFormat.ANTHROPIC_MESSAGES)) {
                count(caller, request, response);
            }
        } catch (GatewayError error) {
            respond(response, error);
        } catch (UpstreamFailure failure) {
            respond(response, new GatewayError(failure.kind() == UpstreamFailure.Kind.TIMEOUT
                    ? GatewayError.Kind.TIMEOUT : GatewayError.Kind.UPSTREAM, failure.getMessage() + "."));
        } catch (RuntimeException unexpected) {
            log.error("Counting tokens failed", unexpected);
            respond(response, new GatewayError(GatewayError.Kind.INTERNAL,
                    "Aurelis failed to count the tokens; the log has the details."));
        }
    }

    private void count(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = Json.readObject(RequestBodies.read(request, settings));
        String model = RequestValidation.requiredModel(body);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw GatewayError.invalid("'messages' is required and must be an array.", "messages");
        }
        if (!caller.has(Permission.MODELS_USE)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION, "Your roles do not grant 'models:use'.");
        }
        // counting needs no failover: the first deployment of a model or alias tells its tokenizer
        Deployment deployment = router.firstDeployment(model).orElseThrow(() -> new GatewayError(GatewayError.Kind.NOT_FOUND,
                "The model '" + model + "' does not exist or is not served here."));
        if (!caller.mayUseModel(model) && !model.equalsIgnoreCase(router.settings().autoModel())) {
            throw new GatewayError(GatewayError.Kind.PERMISSION,
                    "Team '" + caller.team() + "' may not use the model '" + model + "'.");
        }
        if (deployment.wireFormat() == WireFormat.ANTHROPIC_MESSAGES) {
            forward(request, response, deployment, body);
            return;
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("input_tokens", PromptTokens.count(WireFormat.ANTHROPIC_MESSAGES, body));
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.bytes(result));
    }

    /** Asks the Anthropic provider; its answer is relayed, an error only as its sanitised message (ADR 0039). */
    private void forward(HttpServletRequest request, HttpServletResponse response, Deployment deployment,
            ObjectNode body) throws IOException {
        body.put("model", deployment.providerModelId());
        URI uri = upstream.endpoint(deployment.provider(), UpstreamOperation.COUNT_TOKENS, deployment.providerModelId(),
                request.getQueryString());
        UpstreamAnswer answer = upstream.send(deployment.provider(), uri, RequestBodies.headers(request), Json.bytes(body),
                deployment.provider().timeout());
        byte[] out;
        try (InputStream in = answer.body()) {
            out = in.readNBytes(1 << 20);
        }
        int status = answer.statusCode();
        if (status >= 400) {
            String provider = deployment.provider().name();
            String message = Redaction.message(Json.errorMessage(out).orElse("Provider '" + provider + "' answered HTTP "
                    + status + "."), deployment.provider());
            // the provider refusing Aurelis's credentials is not the caller's fault (see FailureAnswers)
            throw status == 401 || status == 407
                    ? new GatewayError(GatewayError.Kind.UPSTREAM, 502, "Provider '" + provider
                            + "' refused Aurelis's credentials (check its api_key): " + message, null, null)
                    : new GatewayError(upstreamKind(status), status, message, null, null);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(out);
    }

    private static GatewayError.Kind upstreamKind(int status) {
        return switch (status) {
            case 400, 422 -> GatewayError.Kind.INVALID_REQUEST;
            case 403 -> GatewayError.Kind.PERMISSION;
            case 404 -> GatewayError.Kind.NOT_FOUND;
            case 413 -> GatewayError.Kind.TOO_LARGE;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            case 503, 529 -> GatewayError.Kind.UNAVAILABLE;
            case 504 -> GatewayError.Kind.TIMEOUT;
            default -> GatewayError.Kind.UPSTREAM;
        };
    }

    private static void respond(HttpServletResponse response, GatewayError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.getOutputStream().write(ErrorBodies.body(WireFormat.ANTHROPIC_MESSAGES, error));
    }
}
