package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.identity.Caller;
import dev.aurelis.privacy.ContentLogging;
import org.springframework.stereotype.Component;

/**
 * After an answer: hands the exchange to the content log when its caller is to be logged (a memory read; the content
 * is serialised and sealed on the log's own thread). What is logged is what the provider was sent, after the privacy
 * step's redaction, and the complete answer as the client got it; a streamed answer is not kept (it would have to be
 * held whole), only its prompt.
 */
@Component
class ContentCapture {

    private final ContentLogging log;

    ContentCapture(ContentLogging log) {
        this.log = log;
    }

    void answered(Exchange exchange, AttemptRun attempt, ExchangeRequest sent) {
        Caller caller = exchange.caller();
        if (!attempt.reachedAnswer() || attempt.cutShortReason() != null
                || !log.wants(caller.tenantId(), caller.userId())) {
            return;
        }
        byte[] answer = attempt.answerBody();
        log.record(caller.tenantId(), caller.userId(), exchange.requestId(), exchange.model(),
                () -> Json.bytes(sent.body()), () -> answer);
    }
}
