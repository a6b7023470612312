package dev.aurelis.alerting.channels;

import java.time.Duration;

/**
 * How one attempt to deliver went: delivered; worth trying again (the destination was down, slow or asked us to
 * wait, optionally saying how long); or refused for good (the destination says the message or its address is wrong).
 */
public record Outcome(Status status, String detail, Duration retryAfter) {

    public enum Status {
        DELIVERED, RETRY, REFUSED
    }

    public static Outcome delivered() {
        return new Outcome(Status.DELIVERED, null, null);
    }

    public static Outcome retry(String detail, Duration after) {
        return new Outcome(Status.RETRY, detail, after);
    }

    public static Outcome refused(String detail) {
        return new Outcome(Status.REFUSED, detail, null);
    }
}
