package dev.aurelis.identity.signin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestComponent;

/** The system clock, unless a test stops it at an instant to judge a time window exactly. */
@TestComponent
class SettableClock extends Clock {

    private volatile Instant stopped;

    void stopAt(Instant instant) {
        stopped = instant;
    }

    void run() {
        stopped = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return stopped == null ? Clock.system(zone) : Clock.fixed(stopped, zone);
    }

    @Override
    public Instant instant() {
        Instant at = stopped;
        return at != null ? at : Instant.now();
    }
}
