package dev.aurelis.gateway.endpoints;

import dev.aurelis.access.Permission;
import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayAuthentication;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.Router;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models}: refused (403, in the caller's wire format) without {@code models:use}; otherwise only the
 * models the caller may use (served models, aliases and the auto model, then its organisation's own models and
 * model variants), in
 * OpenAI's list shape, or in Anthropic's when the request carries {@code anthropic-version} (as Anthropic's SDKs
 * send it).
 */
@Component
class ModelListing {

    private final GatewayAuthentication authentication;
    private final Router router;

    ModelListing(GatewayAuthentication authentication, Router router) {
        this.authentication = authentication;
        this.router = router;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean anthropic = request.getHeader("anthropic-version") != null;
        WireFormat format = anthropic ? WireFormat.ANTHROPIC_MESSAGES : WireFormat.OPENAI_CHAT;
        Caller caller;
        try {
            caller = authentication.authenticate(request);
            if (!caller.has(Permission.MODELS_USE)) {
                throw new GatewayError(GatewayError.Kind.PERMISSION,
                        "Your roles do not grant 'models:use'; ask an administrator for access.");
            }
        } catch (GatewayError error) {
            response.setStatus(error.status());
            response.setContentType("application/json");
            response.getOutputStream().write(ErrorBodies.body(format, error));
            return;
        }
        String auto = router.settings().autoModel();
        List<Router.ModelName> usable = new java.util.ArrayList<>(router.modelNames().stream()
                .filter(m -> m.name().equals(auto) || caller.mayUseModel(m.name())).toList());
        usable.addAll(router.organizationModelNames(caller.tenantId().value(), caller.team(), caller::mayUseModel));
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (anthropic) {
            ArrayNode data = root.putArray("data");
            for (Router.ModelName m : usable) {
                ObjectNode model = data.addObject();
                model.put("type", "model");
                model.put("id", m.name());
                model.put("display_name", m.name());
                model.put("created_at", "1970-01-01T00:00:00Z");
            }
            root.put("has_more", false);
            if (usable.isEmpty()) {
                root.putNull("first_id");
                root.putNull("last_id");
            } else {
                root.put("first_id", usable.getFirst().name());
                root.put("last_id", usable.getLast().name());
            }
        } else {
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            for (Router.ModelName m : usable) {
                ObjectNode model = data.addObject();
                model.put("id", m.name());
                model.put("object", "model");
                model.put("created", 0);
                model.put("owned_by", m.ownedBy());
            }
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.bytes(root));
    }
}
