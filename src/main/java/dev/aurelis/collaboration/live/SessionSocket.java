package dev.aurelis.collaboration.live;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.collaboration.CollaborationSession;
import dev.aurelis.collaboration.Sessions;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/workspaces/{name}/sessions/{id}/socket[?after=<sequence>]}: a session's events as JSON text
 * frames. The handshake is an admin API request like any other, so the security chain has already authenticated
 * it (bearer key or signed-in session) and checked the matrix's permission; here the caller must also take part in
 * the session, as their workspace role allows, or the handshake is refused with the API's error JSON. Clients send
 * nothing: changes are pushed with {@code POST .../changes}.
 */
public class SessionSocket extends TextWebSocketHandler implements HandshakeInterceptor {

    static final String PATH = "/api/v1/workspaces/*/sessions/*/socket";
    private static final Pattern URI = Pattern.compile("/api/v1/workspaces/([^/]+)/sessions/([^/]+)/socket");

    private final Sessions sessions;
    private final SessionHub hub;
    private final JsonMapper json;

    SessionSocket(Sessions sessions, SessionHub hub, JsonMapper json) {
        this.sessions = sessions;
        this.hub = hub;
        this.json = json;
    }

    private record Follower(TenantId tenant, UUID session, String email, long after) {
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        Matcher m = URI.matcher(request.getURI().getRawPath());
        Caller caller = AdminCallers.currentIfAny().orElse(null);
        if (!m.matches() || caller == null) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "authentication_error", "Send an API key as "
                    + "'Authorization: Bearer <key>', or sign in at /login.");
        }
        try {
            String after = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("after");
            long from = after == null ? 0 : Long.parseLong(after);
            if (from < 0) {
                throw new NumberFormatException();
            }
            CollaborationSession session = sessions.follow(caller.tenantId(), m.group(1), m.group(2), caller.email());
            attributes.put(Follower.class.getName(), new Follower(caller.tenantId(), session.id(),
                    caller.email().toLowerCase(java.util.Locale.ROOT), from));
            return true;
        } catch (NumberFormatException e) {
            return refuse(response, HttpStatus.BAD_REQUEST, "invalid_request_error",
                    "'after' must be a sequence (0 or more): the last one the client received.");
        } catch (AccessDenied e) {
            return refuse(response, HttpStatus.FORBIDDEN, "permission_error", e.getMessage());
        } catch (NoSuchElementException e) {
            return refuse(response, HttpStatus.NOT_FOUND, "not_found_error", e.getMessage());
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        Follower f = (Follower) socket.getAttributes().get(Follower.class.getName());
        socket.getAttributes().put(Connection.class.getName(), hub.connect(f.tenant(), f.session(), socket, f.email(),
                f.after()));
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws Exception {
        socket.close(CloseStatus.NOT_ACCEPTABLE.withReason("This socket only sends session events; push changes "
                + "with POST .../changes."));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        Follower f = (Follower) socket.getAttributes().get(Follower.class.getName());
        Connection connection = (Connection) socket.getAttributes().get(Connection.class.getName());
        if (f != null && connection != null) {
            hub.disconnect(f.session(), connection);
        }
    }

    private boolean refuse(ServerHttpResponse response, HttpStatus status, String type, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        try {
            response.getBody().write(json.writeValueAsString(Map.of("error", Map.of("message", message, "type", type)))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            // the status alone still refuses the handshake
        }
        return false;
    }
}
