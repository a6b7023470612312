package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.ErrorBodies;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.Redaction;
import dev.aurelis.routing.Attempts;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Answers an exchange that ends without a model's answer, in the caller's wire format, after recording it: a
 * gateway error, or the last provider's error when no attempt is left.
 */
@Component
class FailureAnswers {

    private final Settlement settlement;

    FailureAnswers(Settlement settlement) {
        this.settlement = settlement;
    }

    /** No attempt is left: the client gets the last provider's error, or the last failure, in its own format. */
    void noAttemptLeft(Exchange exchange, FailedAttempt failed, HttpServletResponse response) throws IOException {
        if (failed.answered()) {
            relayProviderError(exchange, failed, response);
        } else {
            fail(exchange, failed.error(), response);
        }
    }

    /**
     * Records the exchange (once; not before the caller is known) and answers the error, unless the answer began. The
     * gateway's own overload refusals are counted, not ledgered: their answer would wait for a commit that the
     * overload delays, making each refusal as slow as the backlog (ADR 0081).
     */
    void fail(Exchange exchange, GatewayError error, HttpServletResponse response) throws IOException {
        if (exchange.caller() != null && !error.ownOverload()) {
            settlement.beforeErrorAnswer(exchange, error.status(), ErrorMapping.errorType(error));
        } else {
            exchange.trace().unrecorded(error.status(), ErrorMapping.errorType(error)); // no ledger record to say it
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType("application/json");
        if (exchange.attempts() != null) {
            response.setHeader(Exchanges.ROUTE_HEADER, exchange.attempts().route());
        } else if (exchange.task() != null) {
            response.setHeader(Exchanges.ROUTE_HEADER,
                    Attempts.refused(exchange.task(), exchange.model(), ErrorMapping.errorType(error)));
        }
        if (error.retryAfter() != null) {
            response.setHeader("retry-after", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        if (Admission.SHUTTING_DOWN.equals(error.code())) {
            response.setHeader("connection", "close"); // the client's retry opens a connection to another replica
        }
        if (error.kind() == GatewayError.Kind.AUTHENTICATION && exchange.arrival().format().isAnthropic()) {
            response.setHeader("www-authenticate", "x-api-key");
        } else if (error.kind() == GatewayError.Kind.AUTHENTICATION) {
            response.setHeader("www-authenticate", "Bearer");
        }
        response.getOutputStream().write(ErrorBodies.body(exchange.arrival().format(), error));
    }

    /**
     * The last provider's error, never its body as it is: the message, sanitised of credentials and of the headers
     * Aurelis sent ({@link Redaction}), in the client's format with the provider's status, its OpenAI
     * {@code code} and {@code param} kept when they are plain identifiers (SDKs branch on them).
     */
    private void relayProviderError(Exchange exchange, FailedAttempt failed, HttpServletResponse response)
            throws IOException {
        byte[] raw = failed.errorBody();
        int status = failed.status();
        var providerSettings = exchange.attempt().deployment().provider();
        String provider = providerSettings.name();
        String message = Redaction.message(Json.errorMessage(raw).orElse("Provider '" + provider + "' answered HTTP "
                + status + "."), providerSettings);
        settlement.beforeErrorAnswer(exchange, status, "upstream_" + status);
        response.setContentType("application/json");
        response.setHeader(Exchanges.ROUTE_HEADER, exchange.attempts().route());
        if (failed.retryAfter() != null) {
            response.setHeader("retry-after", failed.retryAfter());
        }
        // A provider refusing Aurelis's own credentials is not the caller's fault: never relay it as a 401,
        // which clients read as "your key is wrong" (Claude Code would re-run its apiKeyHelper).
        boolean credentials = status == 401 || status == 407;
        String prefix = credentials ? "Provider '" + provider + "' refused Aurelis's credentials (check its api_key): " : "";
        int clientStatus = credentials ? 502 : status;
        response.setStatus(clientStatus);
        response.getOutputStream().write(ErrorBodies.body(exchange.arrival().format(),
                new GatewayError(ErrorMapping.ofStatus(status), clientStatus, prefix + message,
                        identifier(Json.errorField(raw, "code")), identifier(Json.errorField(raw, "param")))));
    }

    /** A provider's {@code code} or {@code param} when it is a plain identifier, else null. */
    private static String identifier(String value) {
        return value != null && value.length() <= 64 && value.matches("[A-Za-z0-9_.\\[\\]-]+") ? value : null;
    }
}
