package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.providers.WireFormat;

/** What a refusal at one of the gateway's own limits looks like to each kind of client. */
final class OverloadRefusals {

    private OverloadRefusals() {
    }

    /** One Anthropic and one OpenAI exchange, each refused at the door as overloaded (529 and 503, with retry-after). */
    static void assertBothRefused(Admission admission) {
        GatewayError refused = catchThrowableOfType(GatewayError.class,
                () -> admission.enter(WireFormat.ANTHROPIC_MESSAGES));
        assertThat(refused.status()).isEqualTo(529);
        assertThat(refused.code()).isEqualTo("overloaded");
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(catchThrowableOfType(GatewayError.class, () -> admission.enter(WireFormat.OPENAI_CHAT)).status())
                .isEqualTo(503);
    }
}
