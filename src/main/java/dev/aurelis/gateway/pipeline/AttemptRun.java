package dev.aurelis.gateway.pipeline;

import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.Attempt;
import dev.aurelis.spend.Reservation;
import dev.aurelis.spend.TokenUsage;
import java.time.Duration;

/**
 * One attempt under way: the deployment that serves it (a cheaper one after a budget's downgrade), what it
 * reserved, the usage the provider reports, and when it started, first gave the client something, and ended.
 */
final class AttemptRun {

    private final Attempt attempt;
    private final long startNanos = System.nanoTime();
    private final ReportedUsage usage = new ReportedUsage();
    private final RelayedOutput output = new RelayedOutput();
    private Deployment deployment;
    private Reservation reservation;
    private UsageBounds bounds = UsageBounds.NONE;
    private boolean streamed;
    private boolean answered;
    private String cutShort;
    private long endNanos;
    private long firstEventNanos;
    private boolean recorded;
    private ExchangeRequest sent;
    private PromptFigures prompt;

    AttemptRun(Attempt attempt) {
        this.attempt = attempt;
        this.deployment = attempt.deployment();
    }

    /** Spend admitted the attempt: what it holds, and the deployment that serves (after a downgrade, another). */
    void admitted(SpendGate.Admitted admitted) {
        reservation = admitted.reservation();
        deployment = admitted.deployment();
        bounds = admitted.bounds();
        prompt = admitted.prompt();
    }

    /** What the attempt's usage can plausibly be: the prompt's count and bound, the output cap. */
    UsageBounds bounds() {
        return bounds;
    }

    /** What the provider generated in the attempt's stream, counted if its usage report never arrives. */
    RelayedOutput output() {
        return output;
    }

    /** The provider answers with a stream. */
    void streaming() {
        streamed = true;
    }

    /** The provider answered in full, with a complete (non-streamed) body. */
    void answered() {
        answered = true;
    }

    /** The request as this attempt sends it (after the privacy step), for the content log. */
    void sending(ExchangeRequest request) {
        sent = request;
    }

    ExchangeRequest sent() {
        return sent;
    }

    /** The bytes the provider is sent for this attempt, in its wire format (kept for the prompt's figures). */
    void sentUpstream(byte[] upstreamBody, WireFormat format) {
        if (prompt != null) {
            prompt.sending(upstreamBody, format);
        }
    }

    /**
     * The client has the start of this attempt's answer, so no other attempt will be made (ADR 0083): the parsed
     * request is let go, the prompt's figures keeping the bytes sent. The request stays only when {@code keepRequest}
     * (the content log takes it once the answer is complete).
     */
    void answerStarted(boolean keepRequest) {
        if (prompt != null) {
            prompt.answerStarted(promptReported());
        }
        if (sent != null && !keepRequest) {
            sent.releaseBodies();
            sent = null;
        }
    }

    /** Whether the provider has reported a plausible count of the prompt so far (Anthropic's message_start does). */
    private boolean promptReported() {
        TokenUsage tokens = usage.tokens();
        return !usage.malformed() && tokens.inputTokens() > 0 && tokens.inputTokens() <= bounds.plausiblePrompt()
                && tokens.cachedInputTokens() >= 0 && tokens.cacheWriteTokens() >= 0
                && tokens.cachedInputTokens() + tokens.cacheWriteTokens() <= tokens.inputTokens();
    }

    /** Whether the provider answered: a stream started, or a complete body arrived. */
    boolean reachedAnswer() {
        return streamed || answered;
    }

    /** Whether the provider answered with a stream. */
    boolean streamed() {
        return streamed;
    }

    /** The stream ended before its end, for {@code reason} ({@code client_closed}, {@code provider_broke_off}, ...). */
    void cutShort(String reason) {
        if (cutShort == null) {
            cutShort = reason;
        }
    }

    /** Why the stream ended early, or null. */
    String cutShortReason() {
        return cutShort;
    }

    int number() {
        return attempt.number();
    }

    Deployment deployment() {
        return deployment;
    }

    /** What the attempt holds against budgets and rate limits, or null before spend admitted it. */
    Reservation reservation() {
        return reservation;
    }

    ReportedUsage usage() {
        return usage;
    }

    long startNanos() {
        return startNanos;
    }

    /** The client received its first event now (the first call only counts). */
    void firstEventSent() {
        if (firstEventNanos == 0) {
            firstEventNanos = System.nanoTime();
        }
    }

    /** When the client received the attempt's first event, or 0. */
    long firstEventNanos() {
        return firstEventNanos;
    }

    /** The attempt failed and is over; its latency ends here, not after the backoff that may follow. */
    void ended() {
        endNanos = System.nanoTime();
    }

    /** When the attempt ended, or 0 while it runs. */
    long endNanos() {
        return endNanos;
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The time the attempt took to its first event for the client, null if it sent none. */
    Duration timeToFirstEvent() {
        return firstEventNanos == 0 ? null : Duration.ofNanos(firstEventNanos - startNanos);
    }

    boolean claimRecord() {
        boolean first = !recorded;
        recorded = true;
        return first;
    }
}
