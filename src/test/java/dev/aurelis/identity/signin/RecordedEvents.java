package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessRefused;
import dev.aurelis.identity.IdentityLinkRefused;
import dev.aurelis.identity.IdentityLinked;
import dev.aurelis.identity.IdentityUnlinked;
import dev.aurelis.identity.MfaEnrolled;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.UserProvisioned;
import dev.aurelis.identity.UserSignedIn;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** Records the sign-in events the server publishes, as the audit trail would receive them. */
@TestComponent
class RecordedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @EventListener({UserSignedIn.class, SignInFailed.class, UserProvisioned.class, MfaEnrolled.class, AccessRefused.class,
            IdentityLinked.class, IdentityLinkRefused.class, IdentityUnlinked.class})
    void on(Object event) {
        events.add(event);
    }

    <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
