package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.gateway.GatewaySettings;
import dev.aurelis.providers.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Large requests take one of a few places sized from the heap; one more waits briefly and is then refused as an
 * overload in the caller's format, while small requests are never held up by them.
 */
class LargeBodiesTests {

    /** A request that declares {@code length} body bytes (-1: sent without a length). */
    private static MockHttpServletRequest request(long length) {
        return new MockHttpServletRequest("POST", "/v1/messages") {
            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
    }

    @Test
    void refusesALargeRequestBeyondItsPlacesAndAdmitsSmallOnesAlways() {
        GatewaySettings settings = new GatewaySettings();
        // a body limit as large as the heap leaves the minimum of places
        settings.configure(Runtime.getRuntime().maxMemory(), null, null, null, null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LargeBodies large = new LargeBodies(settings, meters);
        assertThat(large.places()).isEqualTo(LargeBodies.MIN_PLACES);

        LargeBodies.Permit first = large.admit(request(LargeBodies.LARGE_BYTES + 1), WireFormat.ANTHROPIC_MESSAGES);
        LargeBodies.Permit second = large.admit(request(-1), WireFormat.ANTHROPIC_MESSAGES); // no length: large
        try (LargeBodies.Permit small = large.admit(request(1000), WireFormat.ANTHROPIC_MESSAGES)) {
            assertThat(small).isNotSameAs(LargeBodies.Permit.NONE); // admitted at once, against the ordinary budget
        }

        GatewayError refused = catchThrowableOfType(GatewayError.class,
                () -> large.admit(request(50L * 1024 * 1024), WireFormat.ANTHROPIC_MESSAGES));
        assertThat(refused.status()).isEqualTo(529);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(catchThrowableOfType(GatewayError.class,
                () -> large.admit(request(50L * 1024 * 1024), WireFormat.OPENAI_CHAT)).status()).isEqualTo(503);
        assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "large_bodies").counter().count())
                .isEqualTo(2);

        first.close();
        first.close(); // a second close gives back nothing more
        try (LargeBodies.Permit third = large.admit(request(LargeBodies.LARGE_BYTES * 4), WireFormat.OPENAI_CHAT)) {
            assertThat(catchThrowableOfType(GatewayError.class,
                    () -> large.admit(request(-1), WireFormat.OPENAI_CHAT)).status()).isEqualTo(503);
        }
        second.close();
    }

    @Test
    void ordinaryBodiesShareAHeapBudgetAndOneMoreIsRefusedAtOnce() {
        GatewaySettings settings = new GatewaySettings();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long heap = 64L * 1024 * 1024;
        LargeBodies bodies = new LargeBodies(settings, meters, heap);
        long claudeCodeBody = 80_000;
        int fits = bodies.ordinaryBudgetKib() / LargeBodies.costKib(claudeCodeBody);
        assertThat(LargeBodies.costKib(claudeCodeBody)).isEqualTo(501); // 6 x 80,000 bytes + 32 KiB
        assertThat(fits).isEqualTo(52); // two fifths of 64 MiB

        java.util.List<LargeBodies.Permit> held = new java.util.ArrayList<>();
        for (int i = 0; i < fits; i++) {
            held.add(bodies.admit(request(claudeCodeBody), WireFormat.ANTHROPIC_MESSAGES));
        }
        GatewayError refused = catchThrowableOfType(GatewayError.class,
                () -> bodies.admit(request(claudeCodeBody), WireFormat.ANTHROPIC_MESSAGES));
        assertThat(refused.status()).isEqualTo(529);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(catchThrowableOfType(GatewayError.class,
                () -> bodies.admit(request(claudeCodeBody), WireFormat.OPENAI_CHAT)).status()).isEqualTo(503);
        assertThat(meters.get("aurelis.gateway.exchanges.refused").tag("limit", "body_memory").counter().count())
                .isEqualTo(2);

        held.getFirst().close();
        held.getFirst().close(); // a second close gives back nothing more
        held.set(0, bodies.admit(request(claudeCodeBody), WireFormat.OPENAI_CHAT)); // the freed room serves the next
        assertThat(catchThrowableOfType(GatewayError.class,
                () -> bodies.admit(request(claudeCodeBody), WireFormat.OPENAI_CHAT))).isNotNull();

        held.forEach(LargeBodies.Permit::close);
        try (LargeBodies.Permit again = bodies.admit(request(claudeCodeBody), WireFormat.OPENAI_CHAT)) {
            assertThat(again).isNotNull(); // every permit given back: the whole budget is free again
        }
    }
    @Test
    void aBodyWhoseAnswerStartedGivesBackAllButWhatTheStreamStillHolds() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LargeBodies bodies = new LargeBodies(new GatewaySettings(), meters, 64L * 1024 * 1024);
        long claudeCodeBody = 80_000;
        assertThat(LargeBodies.streamingCostKib(claudeCodeBody)).isEqualTo(111); // 80,000 bytes + 32 KiB
        assertThat(meters.get("aurelis.gateway.request_bodies.budget").gauge().value())
                .isEqualTo(bodies.ordinaryBudgetKib() * 1024.0);

        java.util.List<LargeBodies.Permit> streams = new java.util.ArrayList<>();
        for (int i = 0; i < 52; i++) { // as many as fit while each is parsed and screened
            streams.add(bodies.admit(request(claudeCodeBody), WireFormat.ANTHROPIC_MESSAGES));
        }
        assertThat(held(meters)).isEqualTo(52 * 501 * 1024.0);
        assertThat(catchThrowableOfType(GatewayError.class,
                () -> bodies.admit(request(claudeCodeBody), WireFormat.ANTHROPIC_MESSAGES))).isNotNull();

        streams.forEach(LargeBodies.Permit::answerStarted);
        streams.getFirst().answerStarted(); // a second start gives back nothing more
        assertThat(held(meters)).isEqualTo(52 * 111 * 1024.0);
        int more = (bodies.ordinaryBudgetKib() - 52 * 111) / 501;
        for (int i = 0; i < more; i++) {
            streams.add(bodies.admit(request(claudeCodeBody), WireFormat.ANTHROPIC_MESSAGES));
        }
        assertThat(more).isEqualTo(40); // room for 40 more requests to be parsed beside the 52 streams

        streams.forEach(LargeBodies.Permit::close);
        assertThat(held(meters)).isZero(); // closing a started stream gives back the rest, and only that
    }

    private static double held(SimpleMeterRegistry meters) {
        return meters.get("aurelis.gateway.request_bodies.held").gauge().value();
    }
}
