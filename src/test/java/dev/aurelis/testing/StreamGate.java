package dev.aurelis.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds every stream of the fake after a number of events until the test releases it, so a test can observe
 * what a client has received while the provider is still mid-answer (no timing involved).
 */
public final class StreamGate {

    private final int afterEvents;
    private final CountDownLatch released = new CountDownLatch(1);

    StreamGate(int afterEvents) {
        this.afterEvents = afterEvents;
    }

    public void release() {
        released.countDown();
    }

    void awaitIfDue(int written) {
        if (written != afterEvents) {
            return;
        }
        try {
            // bounded, so a forgotten release cannot hang the suite
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
