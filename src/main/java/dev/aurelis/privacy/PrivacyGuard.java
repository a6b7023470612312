package dev.aurelis.privacy;

import dev.aurelis.privacy.detection.Rule;
import dev.aurelis.privacy.policy.Rulebook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.aurelis.storage.DurableEvents;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The privacy step's entry point. The configuration applies {@link PrivacySettings} once ({@link #configure}); the
 * gateway opens an {@link ExchangeScreen} per exchange. Everything is in memory: compiling happens at configure
 * time, screening reads the compiled rulebook only. Each decision is published as {@link ExchangeScreened} and
 * counted ({@code aurelis.privacy.decisions} by outcome, {@code aurelis.privacy.findings} by detector). The event is
 * stored durably (for the audit trail) off the exchange's thread, through a bounded queue: a burst of findings can
 * never hold an exchange or grow memory; what does not fit is still counted, in the ledger and in the log.
 */
@Component
public class PrivacyGuard {

    private static final Logger log = LoggerFactory.getLogger(PrivacyGuard.class);

    private final Consumer<Object> events;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Rulebook book = new Rulebook(PrivacySettings.off());

    @Autowired
    PrivacyGuard(DurableEvents events, MeterRegistry meters) {
        this(offThread(events), meters);
    }

    /** @param events where decisions are published (tests collect them) */
    public PrivacyGuard(Consumer<Object> events, MeterRegistry meters) {
        this.events = events;
        this.meters = meters;
    }

    private static Consumer<Object> offThread(DurableEvents events) {
        ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                Thread.ofPlatform().name("privacy-decisions").daemon(true).factory());
        return event -> {
            try {
                publisher.execute(() -> {
                    try {
                        events.publish(event);
                    } catch (RuntimeException e) {
                        log.warn("Could not store a privacy decision: {}", e.getMessage());
                    }
                });
            } catch (RejectedExecutionException full) {
                log.warn("Privacy decisions arrive faster than they can be stored; this one is in the ledger and the "
                        + "metrics only");
            }
        };
    }

    /** @throws IllegalArgumentException naming what is wrong, leaving the settings in force unchanged */
    public void configure(PrivacySettings settings) {
        book = new Rulebook(settings);
    }

    /** What is wrong with the settings, if anything: the configuration reports it with the file's other problems. */
    public static java.util.Optional<String> problem(PrivacySettings settings) {
        try {
            new Rulebook(settings);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** Whether exchanges are screened at all (detection on, or any policy, exclusion or class rule). */
    public boolean active() {
        return book.active();
    }

    /** Every detector by name, built-in and the organisation's, in a stable order. */
    public List<String> detectorNames() {
        return book.scanner().rules().stream().map(Rule::name).toList();
    }

    public ExchangeScreen open(PrivacySubject subject) {
        return new ExchangeScreen(book, subject, decision -> reported(subject, decision));
    }

    private void reported(PrivacySubject subject, PrivacyDecision decision) {
        counter("aurelis.privacy.decisions", "outcome", decision.outcome().configName()).increment();
        decision.detectors().forEach((detector, count) ->
                counter("aurelis.privacy.findings", "detector", detector).increment(count));
        events.accept(new ExchangeScreened(subject.tenantId(), subject.requestId(), decision.outcome().configName(),
                decision.dataClass() == null ? null : decision.dataClass().configName(), decision.detectors(),
                decision.where(), clock.instant()));
    }

    /** Tag values are detector names (from the configuration) and outcomes: a bounded set. */
    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value, k -> Counter.builder(name).tag(tag, value)
                .description("privacy step decisions and findings").register(meters));
    }
}
