package dev.aurelis.providers;

import java.util.List;

/**
 * Turns a provider's stream of events into the client's wire format, one upstream event at a time, so
 * nothing is buffered: each call returns the events to send now (possibly none, possibly several).
 */
public interface StreamTranslator {

    List<SseEvent> onEvent(SseEvent upstream);

    /** Called once after the upstream stream ended normally; returns the client's closing events. */
    List<SseEvent> finish();
}
