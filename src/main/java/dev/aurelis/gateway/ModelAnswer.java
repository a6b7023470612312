package dev.aurelis.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the gateway answered an in-process exchange ({@link ModelCalls}): the HTTP status and body a client would
 * have received, in the OpenAI chat format, and the headers (among them {@code x-aurelis-request-id}, which names
 * the exchange's ledger record).
 */
public record ModelAnswer(int status, Map<String, String> headers, byte[] body) {

    public ModelAnswer {
        headers = Map.copyOf(headers);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The request id under which the exchange is in the ledger. */
    public String requestId() {
        return headers.get("x-aurelis-request-id");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
