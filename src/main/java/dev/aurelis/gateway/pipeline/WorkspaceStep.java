package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.TokenEstimate;
import dev.aurelis.identity.Caller;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.workspaces.ContextKind;
import dev.aurelis.workspaces.WorkspaceContexts;
import dev.aurelis.workspaces.WorkspaceSettings;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workspace step of the pipeline, after access and before privacy: a request that names a workspace
 * ({@code x-aurelis-workspace}) gets, when its caller is a member, the workspace's instructions and the context they
 * may read as a system prompt addition within the workspace's token budget, placed after the client's own system
 * prompt so the client's cached prefix stays as it was; the privacy step then screens it with the rest of the
 * request. {@code x-aurelis-workspace-context: off} leaves the addition out (a list of kinds picks some). The
 * workspace's settings apply too: its project for attribution, its default model for the auto model, its default
 * provider first in the route. A caller who is not a member is refused. Read from memory only.
 */
@Component
class WorkspaceStep {

    static final String WORKSPACE_HEADER = "x-aurelis-workspace";
    static final String CONTEXT_HEADER = "x-aurelis-workspace-context";

    private final WorkspaceContexts workspaces;
    private final Organizations organizations;

    WorkspaceStep(WorkspaceContexts workspaces, Organizations organizations) {
        this.workspaces = workspaces;
        this.organizations = organizations;
    }

    /** @param autoModel the name of the auto model, which the workspace's default model replaces */
    ExchangeRequest apply(Exchange exchange, ExchangeRequest request, String autoModel) {
        String name = exchange.arrival().headers().get(WORKSPACE_HEADER);
        if (name == null || name.isBlank()) {
            return request;
        }
        name = name.strip();
        Caller caller = exchange.caller();
        WorkspaceContexts.Admitted admitted = switch (workspaces.resolve(caller.tenantId(), caller.email(), name)) {
            case WorkspaceContexts.Unknown unknown -> throw new GatewayError(GatewayError.Kind.INVALID_REQUEST, 400,
                    unknown.archived() ? "Workspace '" + name + "' is archived; drop the x-aurelis-workspace header."
                            : "There is no workspace '" + name + "' in your organisation; x-aurelis-workspace must name one.",
                    "unknown_workspace", null);
            case WorkspaceContexts.Refused refused -> throw new GatewayError(GatewayError.Kind.PERMISSION, 403,
                    refused.reason(), "workspace_not_allowed", null);
            case WorkspaceContexts.Admitted member -> member;
        };
        Set<ContextKind> selected = selection(exchange.arrival().headers().get(CONTEXT_HEADER));
        WorkspaceSettings settings = admitted.workspace().settings();
        WorkspaceContexts.Addition addition = selected == null || !accepts(exchange.arrival().format())
                ? new WorkspaceContexts.Addition("", java.util.List.of(), 0)
                : workspaces.addition(admitted, selected, TokenEstimate::of);
        String model = settings.defaultModel() != null && exchange.model().equalsIgnoreCase(autoModel)
                ? settings.defaultModel() : null;
        exchange.joined(new WorkspaceUse(name, settings.project(), model, settings.defaultProvider(),
                addition.items(), addition.tokens(), selected == null));
        if (settings.project() != null && caller.project() == null && exchange.arrival().projectHeader() == null) {
            organizations.project(caller.tenantId(), settings.project()).ifPresent(exchange::bills);
        }
        if (addition.empty()) {
            return request;
        }
        ObjectNode body = request.body();
        add(exchange.arrival().format(), body, addition.text());
        return request.rewritten(body);
    }

    /** All kinds for no header (or {@code on}), null for {@code off}, else the kinds the header lists. */
    private static Set<ContextKind> selection(String header) {
        if (header == null || header.isBlank() || header.strip().equalsIgnoreCase("on")) {
            return EnumSet.noneOf(ContextKind.class);
        }
        if (header.strip().equalsIgnoreCase("off")) {
            return null;
        }
        Set<ContextKind> kinds = EnumSet.noneOf(ContextKind.class);
        for (String kind : header.split(",")) {
            try {
                kinds.add(ContextKind.of(kind.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw GatewayError.invalid(CONTEXT_HEADER + " is on, off or a list of kinds: " + e.getMessage(),
                        CONTEXT_HEADER);
            }
        }
        return kinds;
    }

    /** The formats with a system prompt; legacy completions and embeddings have none. */
    private static boolean accepts(WireFormat format) {
        return format == WireFormat.OPENAI_CHAT || format == WireFormat.OPENAI_RESPONSES
                || format == WireFormat.ANTHROPIC_MESSAGES;
    }

    /** Adds {@code text} after the request's own system prompt, in the format's own place for it. */
    static void add(WireFormat format, ObjectNode body, String text) {
        switch (format) {
            case OPENAI_CHAT -> {
                JsonNode messages = body.get("messages");
                if (messages instanceof ArrayNode list) {
                    int at = 0;
                    while (at < list.size() && isSystem(list.get(at))) {
                        at++;
                    }
                    list.insert(at, JsonNodeFactory.instance.objectNode().put("role", "system").put("content", text));
                }
            }
            case OPENAI_RESPONSES -> body.put("instructions", appended(body.get("instructions"), text));
            case ANTHROPIC_MESSAGES -> {
                JsonNode system = body.get("system");
                if (system instanceof ArrayNode blocks) {
                    blocks.add(JsonNodeFactory.instance.objectNode().put("type", "text").put("text", text));
                } else {
                    body.put("system", appended(system, text));
                }
            }
            default -> {
            }
        }
    }

    private static boolean isSystem(JsonNode message) {
        String role = message.path("role").asString("");
        return role.equals("system") || role.equals("developer");
    }

    private static String appended(JsonNode own, String text) {
        return own != null && own.isString() && !own.asString().isBlank() ? own.asString() + "\n\n" + text : text;
    }

    /**
     * What naming a workspace did to the exchange.
     *
     * @param defaultModel the workspace's model when it replaced the auto model, else null
     * @param items        the context items added ({@code kind@version})
     * @param off          the request switched the context off
     */
    record WorkspaceUse(String name, String project, String defaultModel, String defaultProvider,
            java.util.List<String> items, long tokens, boolean off) {

        /** The {@code workspace=} part of the ledger record's route. */
        String note() {
            return "workspace=" + name + (off ? "; context=off"
                    : items.isEmpty() ? "; context=none" : "; context=" + String.join(",", items) + " (" + tokens + " tokens)");
        }
    }
}
