package dev.aurelis.gateway;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.Deployment;
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
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages/count_tokens}: asked of the provider when it is Anthropic; otherwise counted here
 * with the o200k tokenizer over the system prompt, messages and tool definitions (an estimate for models with
 * another tokenizer). Counting costs nothing, so it writes no usage record.
 */
@Component
class TokenCounting {

    static final Encoding TOKENIZER = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private final GatewayAuthentication authentication;
    private final Router router;
    private final UpstreamClient upstream;
    private final GatewaySettings settings;

    TokenCounting(GatewayAuthentication authentication, Router router, UpstreamClient upstream,
            GatewaySettings settings) {
        this.authentication = authentication;
        this.router = router;
        this.upstream = upstream;
        this.settings = settings;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Caller caller = authentication.authenticate(request);
            byte[] raw = Exchanges.readBody(request, settings);
            ObjectNode body = Json.readObject(raw);
            String model = Exchanges.requiredModel(body);
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
            result.put("input_tokens", estimate(body));
            response.setStatus(200);
            response.setContentType("application/json");
            response.getOutputStream().write(Json.bytes(result));
        } catch (GatewayError error) {
            respond(response, error);
        } catch (UpstreamFailure failure) {
            respond(response, new GatewayError(failure.kind() == UpstreamFailure.Kind.TIMEOUT
                    ? GatewayError.Kind.TIMEOUT : GatewayError.Kind.UPSTREAM, failure.getMessage() + "."));
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Deployment deployment,
            ObjectNode body) throws IOException {
        body.put("model", deployment.providerModelId());
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        URI uri = upstream.endpoint(deployment.provider(), UpstreamOperation.COUNT_TOKENS, deployment.providerModelId(),
                request.getQueryString());
        HttpResponse<InputStream> answer = upstream.send(deployment.provider(), uri, headers, Json.bytes(body),
                deployment.provider().timeout());
        byte[] out;
        try (InputStream in = answer.body()) {
            out = in.readNBytes(1 << 20);
        }
        response.setStatus(answer.statusCode());
        response.setContentType("application/json");
        response.getOutputStream().write(out);
    }

    /** Tokens of every text the model reads: system, message contents and tool definitions. */
    static int estimate(ObjectNode body) {
        StringBuilder text = new StringBuilder();
        collect(body.get("system"), text);
        for (JsonNode message : body.path("messages")) {
            text.append(message.path("role").asString("")).append('\n');
            collect(message.get("content"), text);
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            text.append(Json.string(tools));
        }
        // Each message carries a few tokens of framing, as the vendors' own counts do.
        return TOKENIZER.countTokensOrdinary(text.toString()) + 3 * body.path("messages").size() + 3;
    }

    private static void collect(JsonNode node, StringBuilder text) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isString()) {
            text.append(node.asString()).append('\n');
        } else if (node.isArray()) {
            node.forEach(part -> collect(part, text));
        } else if (node.isObject()) {
            for (String field : new String[] {"text", "thinking", "content", "input"}) {
                JsonNode value = node.get(field);
                if (value != null) {
                    if (value.isObject()) {
                        text.append(Json.string(value)).append('\n');
                    } else {
                        collect(value, text);
                    }
                }
            }
        }
    }

    private static void respond(HttpServletResponse response, GatewayError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.getOutputStream().write(ErrorBodies.body(WireFormat.ANTHROPIC_MESSAGES, error));
    }
}
