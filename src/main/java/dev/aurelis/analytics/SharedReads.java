package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.RollupReader;
import dev.aurelis.analytics.rollup.Slice;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rollup reads of one report, each slice read once however many of its parts ask for it: the executive report's
 * usage metrics and adoption both count people per day, and the second asker waits for the first read instead of
 * making it again. Answers are shared, so they are handed out unmodifiable. Lives as long as the report it serves.
 */
final class SharedReads {

    private final RollupReader reader;
    private final Map<Slice, CompletableFuture<RollupReader.Answer>> answers = new ConcurrentHashMap<>();

    SharedReads(RollupReader reader) {
        this.reader = reader;
    }

    RollupReader.Answer aggregate(Slice slice) {
        CompletableFuture<RollupReader.Answer> mine = new CompletableFuture<>();
        CompletableFuture<RollupReader.Answer> first = answers.putIfAbsent(slice, mine);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
        try {
            RollupReader.Answer read = reader.aggregate(slice);
            RollupReader.Answer shared = new RollupReader.Answer(Collections.unmodifiableMap(read.groups()), read.zone());
            mine.complete(shared);
            return shared;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
