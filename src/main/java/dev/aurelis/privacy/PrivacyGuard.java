package dev.aurelis.privacy;

import dev.aurelis.privacy.detection.Rule;
import dev.aurelis.privacy.policy.Rulebook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The privacy step's entry point. The configuration applies {@link PrivacySettings} once ({@link #configure}); the
 * gateway opens an {@link ExchangeScreen} per exchange. Everything is in memory: compiling happens at configure
 * time, screening reads the compiled rulebook only. Each decision is published as {@link ExchangeScreened} and
 * counted ({@code aurelis.privacy.decisions} by outcome, {@code aurelis.privacy.findings} by detector).
 */
@Component
public class PrivacyGuard {

    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Rulebook book = new Rulebook(PrivacySettings.off());

    public PrivacyGuard(ApplicationEventPublisher events, MeterRegistry meters) {
        this.events = events;
        this.meters = meters;
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
        events.publishEvent(new ExchangeScreened(subject.tenantId(), subject.requestId(), decision.outcome(),
                decision.dataClass(), decision.detectors(), decision.where(), clock.instant()));
    }

    /** Tag values are detector names (from the configuration) and outcomes: a bounded set. */
    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value, k -> Counter.builder(name).tag(tag, value)
                .description("privacy step decisions and findings").register(meters));
    }
}
