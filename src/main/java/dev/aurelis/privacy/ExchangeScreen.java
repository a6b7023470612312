package dev.aurelis.privacy;

import dev.aurelis.privacy.detection.Category;
import dev.aurelis.privacy.detection.Detection;
import dev.aurelis.privacy.policy.Globs;
import dev.aurelis.privacy.policy.Placeholders;
import dev.aurelis.privacy.policy.Rulebook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The privacy step of one exchange. The gateway hands it every text part of the request with where it is
 * ({@link #inspect}), asks for the decision ({@link #decide}), then for each part that changes, the text to send
 * ({@link #redacted}). Answers are screened through {@link #screenAnswer} or, streamed, an {@link AnswerStream}.
 * Not thread-safe: one exchange, one thread.
 */
public final class ExchangeScreen {

    private static final String KEY_BLOCK_END = "-----END ";

    private final Rulebook book;
    private final Rulebook.Applied applied;
    private final PrivacySubject subject;
    private final Consumer<PrivacyDecision> decided;
    private final Placeholders placeholders;
    private final List<Part> parts = new ArrayList<>();
    private DataClass hinted;
    private PrivacyDecision decision;
    private boolean answerInKeyBlock;

    private record Part(String location, String text, List<Detection> findings, Rulebook.PathRule excludedBy) {
    }

    ExchangeScreen(Rulebook book, PrivacySubject subject, Consumer<PrivacyDecision> decided) {
        this.book = book;
        this.applied = book.applied(subject);
        this.subject = subject;
        this.decided = decided;
        this.placeholders = new Placeholders(applied.reversible());
        if (book.settings().classification()) {
            for (Rulebook.PathRule rule : book.classRules()) {
                if (rule.matchesRepository(subject.repository())) {
                    hinted = hinted == null ? rule.dataClass() : hinted.atLeast(rule.dataClass());
                }
            }
        }
    }

    /**
     * Scans one text part of the request.
     *
     * @param location              where it is, e.g. {@code messages[2].content[0].text}; asked only for a part that
     *                              matters, since most parts have no findings and building the string costs
     * @param carriesExcludedContent the part answers a tool call that read excluded content
     * @return a reference for {@link #redacted}, or -1 when nothing in the part matters
     */
    public int inspect(Supplier<String> location, String text, boolean carriesExcludedContent) {
        Rulebook.PathRule excludedBy = null;
        if (!book.exclusions().isEmpty() || (book.settings().classification() && !book.classRules().isEmpty())) {
            for (String path : Globs.pathsIn(text)) {
                for (Rulebook.PathRule rule : book.exclusions()) {
                    if (excludedBy == null && rule.matchesPath(path)) {
                        excludedBy = rule;
                    }
                }
                if (book.settings().classification()) {
                    for (Rulebook.PathRule rule : book.classRules()) {
                        if (rule.matchesPath(path)) {
                            hinted = hinted == null ? rule.dataClass() : hinted.atLeast(rule.dataClass());
                        }
                    }
                }
            }
        }
        if (excludedBy == null && carriesExcludedContent) {
            excludedBy = linkedExclusion;
        }
        List<Detection> findings = book.scanner().scan(text);
        if (findings.isEmpty() && excludedBy == null) {
            return -1;
        }
        if (excludedBy != null) {
            linkedExclusion = excludedBy;
        }
        parts.add(new Part(location.get(), text, findings, excludedBy));
        return parts.size() - 1;
    }

    private Rulebook.PathRule linkedExclusion;

    /** Whether the part was excluded (its tool call's answer is then excluded too). */
    public boolean excluded(int ref) {
        return ref >= 0 && parts.get(ref).excludedBy() != null;
    }

    /** Decides once, after every part was inspected; reports the decision (event, metrics). */
    public PrivacyDecision decide() {
        if (decision != null) {
            return decision;
        }
        Map<String, Integer> counts = new TreeMap<>();
        PrivacyOutcome outcome = PrivacyOutcome.PASSED;
        String blockedBy = null;
        String where = null;
        boolean onPremise = false;
        boolean offPremise = false;
        DataClass dataClass = null;
        PrivacyAction classAction = null;
        if (book.settings().classification()) {
            dataClass = hinted == null ? DataClass.INTERNAL : hinted;
            for (Part part : parts) {
                for (Detection finding : part.findings()) {
                    dataClass = dataClass.atLeast(finding.rule().category() == Category.SECRET ? DataClass.RESTRICTED
                            : DataClass.CONFIDENTIAL);
                }
            }
            classAction = applied.actionFor(dataClass);
        }
        for (Rulebook.PathRule rule : book.exclusions()) {
            if (rule.matchesRepository(subject.repository())) {
                counts.merge("excluded_repository", 1, Integer::sum);
                if (outcome != PrivacyOutcome.BLOCKED) {
                    outcome = PrivacyOutcome.BLOCKED;
                    blockedBy = "the excluded repository '" + rule.label() + "'";
                    where = "the x-aurelis-repository header";
                }
            }
        }
        for (Part part : parts) {
            if (part.excludedBy() != null) {
                counts.merge("excluded_path", 1, Integer::sum);
                if (part.excludedBy().action() == PrivacyAction.BLOCK) {
                    if (outcome != PrivacyOutcome.BLOCKED) {
                        blockedBy = "the excluded path '" + part.excludedBy().label() + "'";
                        where = part.location();
                    }
                    outcome = PrivacyOutcome.BLOCKED;
                } else {
                    onPremise = offPremise = true;
                    outcome = max(outcome, PrivacyOutcome.REDACTED);
                }
                continue;
            }
            for (Detection finding : part.findings()) {
                PrivacyAction action = actionFor(finding, classAction);
                if (action == PrivacyAction.ALLOW) {
                    continue;
                }
                counts.merge(finding.rule().name(), 1, Integer::sum);
                if (action == null) {
                    offPremise = true;
                    outcome = max(outcome, PrivacyOutcome.REDACTED);
                } else {
                    switch (action) {
                        case ALERT -> outcome = max(outcome, PrivacyOutcome.ALERTED);
                        case REDACT -> {
                            onPremise = offPremise = true;
                            outcome = max(outcome, PrivacyOutcome.REDACTED);
                        }
                        case ROUTE_ON_PREMISE -> outcome = max(outcome, PrivacyOutcome.ROUTED_ON_PREMISE);
                        case BLOCK -> {
                            if (outcome != PrivacyOutcome.BLOCKED) {
                                blockedBy = "detector '" + finding.rule().name() + "' (" + finding.rule().category().configName() + ")";
                                where = part.location();
                            }
                            outcome = PrivacyOutcome.BLOCKED;
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        if (classAction == PrivacyAction.BLOCK && outcome != PrivacyOutcome.BLOCKED) {
            outcome = PrivacyOutcome.BLOCKED;
            blockedBy = "the data class '" + dataClass.configName() + "'";
        } else if (classAction == PrivacyAction.ROUTE_ON_PREMISE) {
            outcome = max(outcome, PrivacyOutcome.ROUTED_ON_PREMISE);
        } else if (classAction == PrivacyAction.ALERT) {
            outcome = max(outcome, PrivacyOutcome.ALERTED);
        }
        String localModel = null;
        List<String> local = book.settings().localModels();
        if (outcome == PrivacyOutcome.ROUTED_ON_PREMISE && !local.isEmpty() && !local.contains(subject.model())) {
            localModel = local.getFirst();
        }
        decision = new PrivacyDecision(outcome, dataClass, blockedBy, where, counts, onPremise, offPremise, localModel);
        if (outcome != PrivacyOutcome.PASSED || !counts.isEmpty()) {
            decided.accept(decision);
        }
        return decision;
    }

    private PrivacyAction actionFor(Detection finding, PrivacyAction classAction) {
        PrivacyAction action = applied.actionFor(finding.rule());
        if (classAction == PrivacyAction.REDACT && (action == null || action == PrivacyAction.ALLOW
                || action == PrivacyAction.ALERT)) {
            return PrivacyAction.REDACT; // the class asks for everything found in it to be redacted
        }
        return action;
    }

    private static PrivacyOutcome max(PrivacyOutcome a, PrivacyOutcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The text to send for an inspected part.
     *
     * @param onPremise whether the deployment it goes to is on premise (the default redaction spares those)
     */
    public String redacted(int ref, boolean onPremise) {
        Part part = parts.get(ref);
        if (part.excludedBy() != null) {
            return part.excludedBy().action() == PrivacyAction.REDACT
                    ? "[EXCLUDED:" + part.excludedBy().label() + "]" : part.text();
        }
        PrivacyAction classAction = decision == null || decision.dataClass() == null ? null
                : applied.actionFor(decision.dataClass());
        StringBuilder out = new StringBuilder(part.text().length());
        int from = 0;
        for (Detection finding : part.findings()) {
            PrivacyAction action = actionFor(finding, classAction);
            boolean replace = action == PrivacyAction.REDACT || (action == null && !onPremise);
            if (replace) {
                out.append(part.text(), from, finding.start())
                        .append(placeholders.of(finding.rule(), part.text().substring(finding.start(), finding.end())));
                from = finding.end();
            }
        }
        return out.append(part.text(), from, part.text().length()).toString();
    }

    /** Whether answers are screened: the policy scans responses, or redaction is reversible and something was. */
    public boolean screensAnswers() {
        return applied.responses() || placeholders.restorable();
    }

    /**
     * One piece of an answer, screened: placeholders of reversible personal data are given back, and, when the
     * policy scans responses, secrets in it are redacted (an answer cannot be refused once under way, so a
     * {@code block} policy redacts here too).
     */
    public String screenAnswer(String text) {
        String restored = placeholders.restore(text);
        if (!applied.responses()) {
            return restored;
        }
        if (answerInKeyBlock) {
            int end = restored.indexOf(KEY_BLOCK_END);
            if (end < 0) {
                return "";
            }
            answerInKeyBlock = false;
            int lineEnd = restored.indexOf('\n', end);
            restored = lineEnd < 0 ? "" : restored.substring(lineEnd);
        }
        List<Detection> findings = book.scanner().scan(restored);
        if (findings.isEmpty()) {
            return restored;
        }
        StringBuilder out = new StringBuilder(restored.length());
        int from = 0;
        for (Detection finding : findings) {
            if (finding.rule().category() != Category.SECRET || applied.actionFor(finding.rule()) == PrivacyAction.ALLOW) {
                continue;
            }
            String found = restored.substring(finding.start(), finding.end());
            out.append(restored, from, finding.start()).append(placeholders.of(finding.rule(), found));
            from = finding.end();
            if (finding.rule().name().equals("private_key") && !found.contains(KEY_BLOCK_END)) {
                answerInKeyBlock = true; // the rest of the block comes in later pieces
                return out.toString();
            }
        }
        return out.append(restored, from, restored.length()).toString();
    }

    /** A streamed answer's text, screened with a bounded look-back across chunks. */
    public AnswerStream answerStream() {
        return new AnswerStream(this);
    }
}
