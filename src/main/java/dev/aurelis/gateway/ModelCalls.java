package dev.aurelis.gateway;

import dev.aurelis.gateway.pipeline.Exchanges;
import dev.aurelis.providers.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Model calls made by Aurelis itself (code-review workflows) go through the same exchange pipeline as a client's:
 * the key identifies the caller, access, privacy, budgets, routing with fallback and the ledger all apply, and the
 * answer is exactly what an HTTP client would have received. Only the socket is left out.
 */
@Component
public class ModelCalls {

    private final Exchanges exchanges;

    ModelCalls(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    /**
     * Sends an OpenAI chat completion request (non-streaming) as the holder of {@code apiKey}.
     *
     * @param headers further request headers, for example {@code x-aurelis-task} or {@code x-aurelis-project}
     */
    public ModelAnswer chat(String apiKey, byte[] body, Map<String, String> headers) {
        InProcessExchange exchange = new InProcessExchange("/v1/chat/completions", apiKey, body, headers);
        try {
            exchanges.handle(WireFormat.OPENAI_CHAT, exchange.request(), exchange.response());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory, nothing to fail on; kept for the servlet signature
        }
        return exchange.answer();
    }
}
