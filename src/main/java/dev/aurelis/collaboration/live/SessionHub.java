package dev.aurelis.collaboration.live;

import dev.aurelis.collaboration.SessionEvent;
import dev.aurelis.collaboration.store.SessionStore;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sessions' live connections on this replica. Each session has a room; a committed event is read once from the
 * log and offered to every connection of the room in sequence order, and each connection's writer sends it (a
 * connection skips what it already sent while catching up). Presence (who is connected now) is the room's
 * connections; connecting and disconnecting are announced to the others but not logged.
 */
@Component
public class SessionHub {

    private static final int PAGE = 200;

    private final SessionStore store;
    private final JsonMapper json;
    private final Map<UUID, Room> rooms = new ConcurrentHashMap<>();

    SessionHub(SessionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    private static final class Room {
        final List<Connection> connections = new ArrayList<>();
        long delivered;
        boolean closed;
    }

    /** Who is connected to the session now (by e-mail address). */
    public Set<String> connected(UUID session) {
        Room room = rooms.get(session);
        if (room == null) {
            return Set.of();
        }
        synchronized (room) {
            return names(room);
        }
    }

    /** Adds a connection that catches up from the events after {@code after}, then follows live. */
    Connection connect(TenantId tenant, UUID session, WebSocketSession socket, String email, long after) {
        while (true) {
            Room room = rooms.computeIfAbsent(session, id -> {
                Room made = new Room();
                made.delivered = store.lastSequence(tenant, id);
                return made;
            });
            synchronized (room) {
                if (room.closed) {
                    continue; // emptied and dropped meanwhile: take a new one
                }
                Connection connection = new Connection(socket, email, after, json,
                        from -> store.events(tenant, session, from, PAGE));
                boolean already = names(room).contains(email);
                room.connections.add(connection);
                Set<String> present = names(room);
                connection.offer(presence("connected", email, present));
                if (!already) {
                    room.connections.stream().filter(other -> other != connection)
                            .forEach(other -> other.offer(presence("connected", email, present)));
                }
                connection.start();
                return connection;
            }
        }
    }

    void disconnect(UUID session, Connection connection) {
        Room room = rooms.get(session);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (!room.connections.remove(connection)) {
                return;
            }
            connection.stop();
            if (room.connections.isEmpty()) {
                room.closed = true;
                rooms.remove(session, room);
                return;
            }
            Set<String> present = names(room);
            if (!present.contains(connection.email())) {
                room.connections.forEach(c -> c.offer(presence("disconnected", connection.email(), present)));
            }
        }
    }

    /** Sends the session's newly committed events to its connections here. */
    public void deliver(TenantId tenant, UUID session) {
        Room room = rooms.get(session);
        if (room == null) {
            return;
        }
        synchronized (room) {
            List<SessionEvent> fresh;
            do {
                fresh = store.events(tenant, session, room.delivered, PAGE);
                for (SessionEvent event : fresh) {
                    room.connections.forEach(c -> c.offer(event));
                    room.delivered = event.sequence();
                }
            } while (fresh.size() == PAGE);
        }
    }

    private static Set<String> names(Room room) {
        Set<String> names = new TreeSet<>();
        room.connections.forEach(c -> names.add(c.email()));
        return names;
    }

    private static Map<String, Object> presence(String event, String participant, Set<String> connected) {
        return Map.of("type", "presence", "event", event, "participant", participant,
                "connected", List.copyOf(connected));
    }
}
