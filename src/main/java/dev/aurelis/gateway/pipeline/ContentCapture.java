package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.identity.Caller;
import dev.aurelis.privacy.ContentLogging;
import org.springframework.stereotype.Component;

/**
 * When an answer is complete and recorded, just before its last bytes go out: hands the exchange to the content log
 * if its caller is to be logged (a memory read; the content is serialised and sealed on the log's own thread).
 * What is logged is the request as the provider was sent it, after the privacy step's redaction, and the complete
 * answer as the client gets it; a streamed answer is not kept (it would have to be held whole), only its prompt.
 */
@Component
class ContentCapture {

    private final ContentLogging log;

    ContentCapture(ContentLogging log) {
        this.log = log;
    }

    /** Whether the exchange's request is to be kept until its answer completes, for the content log. */
    boolean keepsRequest(Exchange exchange) {
        Caller caller = exchange.caller();
        return log.wants(caller.tenantId(), caller.userId());
    }

    /** @param answer the complete answer, or null for a stream */
    void answered(Exchange exchange, AttemptRun attempt, byte[] answer) {
        Caller caller = exchange.caller();
        ExchangeRequest sent = attempt.sent();
        if (sent == null || !log.wants(caller.tenantId(), caller.userId())) {
            return;
        }
        log.record(caller.tenantId(), caller.userId(), exchange.requestId(), exchange.model(),
                () -> Json.bytes(sent.body()), () -> answer);
    }
}
