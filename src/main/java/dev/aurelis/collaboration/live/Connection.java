package dev.aurelis.collaboration.live;

import dev.aurelis.collaboration.SessionEvent;
import dev.aurelis.collaboration.SessionEvents;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * One participant's socket. Its own writer thread first sends the events after the client's {@code after} from the
 * log, then what the room offers, skipping events it already sent. What waits to be sent is bounded
 * ({@value #CAPACITY} messages): a client too slow to keep up is disconnected (close code 1013, try again later) and
 * catches up from the log when it reconnects, instead of Aurelis buffering without limit.
 */
final class Connection {

    static final int CAPACITY = 1024;
    static final CloseStatus TOO_SLOW = new CloseStatus(1013, "Too slow to keep up; reconnect with after=<last sequence>.");

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final Object STOP = new Object();

    private final WebSocketSession socket;
    private final String email;
    private final JsonMapper json;
    private final LongFunction<List<SessionEvent>> log_;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY + 1);
    private volatile long sent;
    private volatile boolean stopped;

    Connection(WebSocketSession socket, String email, long after, JsonMapper json,
            LongFunction<List<SessionEvent>> eventsAfter) {
        this.socket = socket;
        this.email = email;
        this.sent = after;
        this.json = json;
        this.log_ = eventsAfter;
    }

    String email() {
        return email;
    }

    /** Queues a message (an event or a presence notice); a full queue disconnects the client. */
    void offer(Object message) {
        if (stopped) {
            return;
        }
        if (queue.size() >= CAPACITY || !queue.offer(message)) {
            stopped = true;
            queue.clear();
            queue.offer(STOP);
            close(TOO_SLOW);
        }
    }

    void start() {
        Thread.ofVirtual().name("session-socket-" + socket.getId()).start(this::write);
    }

    void stop() {
        stopped = true;
        queue.offer(STOP);
    }

    private void write() {
        try {
            List<SessionEvent> page;
            do { // catch up from the log first; the room's offers wait in the queue meanwhile
                page = log_.apply(sent);
                for (SessionEvent event : page) {
                    send(event);
                }
            } while (!page.isEmpty() && !stopped);
            while (!stopped) {
                Object message = queue.take();
                if (message == STOP) {
                    return;
                }
                if (message instanceof SessionEvent event) {
                    if (event.sequence() > sent) {
                        send(event);
                    }
                } else {
                    socket.sendMessage(new TextMessage(json.writeValueAsString(message)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.debug("Session socket {} closed while sending: {}", socket.getId(), e.toString());
            close(CloseStatus.SERVER_ERROR);
        }
    }

    private void send(SessionEvent event) throws IOException {
        socket.sendMessage(new TextMessage(json.writeValueAsString(SessionEvents.wire(event))));
        sent = event.sequence();
        if (SessionEvent.ENDED.equals(event.type())) {
            stopped = true;
            close(new CloseStatus(1000, "The session ended."));
        }
    }

    private void close(CloseStatus status) {
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Closing session socket {}: {}", socket.getId(), e.toString());
        }
    }
}
