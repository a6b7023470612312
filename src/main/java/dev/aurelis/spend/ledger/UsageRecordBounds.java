package dev.aurelis.spend.ledger;

import dev.aurelis.spend.TokenUsage;
import dev.aurelis.spend.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a usage record must look like before it joins a group commit, so that no single record can make the batch it
 * travels in fail. Text is made storable ({@link #sanitised}: PostgreSQL refuses NUL in text, control characters and
 * unpaired surrogates have no place in a ledger, lengths are capped); numbers that do not fit a sane exchange or the
 * ledger's columns are a {@link #violation} and the record goes to the dead letters instead.
 */
public final class UsageRecordBounds {

    /** Far above any model's context and output; a report beyond it is a provider fault, not usage. */
    public static final long MAX_TOKENS = 1_000_000_000L;
    /** {@code numeric(20, 10)} holds absolute values below 10^10. */
    public static final BigDecimal MAX_COST = new BigDecimal("1E10");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final int NAME = 512;
    private static final int EMAIL = 320;
    private static final int LONG_TEXT = 4096;

    private UsageRecordBounds() {
    }

    /** The record with every text field storable and within its length. */
    public static UsageRecord sanitised(UsageRecord r) {
        return new UsageRecord(r.id(), text(r.tenantId(), NAME), r.createdAt(), text(r.requestId(), NAME), r.userId(),
                text(r.userEmail(), EMAIL), r.keyId(), text(r.team(), NAME), text(r.department(), NAME),
                text(r.costCenter(), NAME), text(r.project(), NAME), text(r.modelRequested(), NAME),
                text(r.modelServed(), NAME), text(r.providerModel(), NAME), text(r.provider(), NAME),
                text(r.endpoint(), NAME), text(r.clientTool(), NAME), r.streamed(), r.usage(), r.cost(),
                text(r.currency(), 16), r.priced(), r.status(), text(r.errorType(), NAME), r.latencyMs(),
                r.firstTokenMs(), text(r.task(), NAME), text(r.route(), LONG_TEXT), r.attempt(), r.retried(),
                text(r.usageEstimate(), NAME), text(r.privacy(), LONG_TEXT));
    }

    /** Why the (sanitised) record cannot be stored in the ledger, or null when it can. */
    public static String violation(UsageRecord r) {
        if (r.id() == null || r.tenantId() == null || r.tenantId().isBlank() || r.requestId() == null
                || r.endpoint() == null || r.usage() == null || r.cost() == null || r.currency() == null
                || r.createdAt() == null) {
            return "a required field (id, tenant, time, request id, endpoint, usage, cost, currency) is missing";
        }
        if (r.createdAt().isBefore(EARLIEST) || r.createdAt().isAfter(LATEST)) {
            return "created_at " + r.createdAt() + " is outside 2000-01-01 to 9999-12-31";
        }
        TokenUsage usage = r.usage();
        String tokens = tokens("input_tokens", usage.inputTokens());
        tokens = tokens != null ? tokens : tokens("cached_tokens", usage.cachedInputTokens());
        tokens = tokens != null ? tokens : tokens("cache_write_tokens", usage.cacheWriteTokens());
        tokens = tokens != null ? tokens : tokens("output_tokens", usage.outputTokens());
        tokens = tokens != null ? tokens : tokens("reasoning_tokens", usage.reasoningTokens());
        if (tokens != null) {
            return tokens;
        }
        if (r.cost().abs().compareTo(MAX_COST) >= 0) {
            return "cost " + r.cost().toPlainString() + " is outside the ledger's range (below 10^10 in absolute value)";
        }
        if (r.status() < 0 || r.status() > 999) {
            return "status " + r.status() + " is not an HTTP status";
        }
        if (r.latencyMs() < 0 || (r.firstTokenMs() != null && r.firstTokenMs() < 0)) {
            return "a duration is negative";
        }
        return null;
    }

    private static String tokens(String field, long value) {
        return value < 0 || value > MAX_TOKENS
                ? field + " " + value + " is outside 0 to " + MAX_TOKENS : null;
    }

    /** Without NUL, control characters (tab and newline become spaces) or unpaired surrogates; at most max chars. */
    static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder clean = null;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1));
            boolean keep = !Character.isISOControl(c) && !Character.isSurrogate(c) || pair;
            if (clean == null && !keep) {
                clean = new StringBuilder(length).append(value, 0, i);
            }
            if (clean != null) {
                if (keep) {
                    clean.append(c);
                    if (pair) {
                        clean.append(value.charAt(++i));
                    }
                } else if (c == '\t' || c == '\n' || c == '\r') {
                    clean.append(' ');
                }
            } else if (pair) {
                i++;
            }
        }
        String result = clean == null ? value : clean.toString();
        if (result.length() <= max) {
            return result;
        }
        int cut = Character.isHighSurrogate(result.charAt(max - 1)) ? max - 1 : max;
        return result.substring(0, cut);
    }
}
