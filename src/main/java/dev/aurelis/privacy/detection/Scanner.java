package dev.aurelis.privacy.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * All detectors compiled together. {@link #scan} reads the text once: each character steps the keyword automaton
 * (whose matches wake the rules that own the keyword) and, where a number or an IBAN may start, the number reader
 * looks at it; each candidate is confirmed by its rule's bounded check. Immutable and thread-safe: compile once
 * per configuration, share across requests.
 */
public final class Scanner {

    private static final int CUSTOM_MATCH_LIMIT = 512;

    private final KeywordAutomaton automaton;
    private final Detector[][] triggers; // keyword id -> detectors it wakes
    private final PersonalDataRules personal;
    private final List<Compiled> unanchored;
    private final List<Rule> rules;

    private record Compiled(Rule rule, Pattern pattern) {
    }

    private Scanner(List<Detector> detectors, PersonalDataRules personal, List<Compiled> unanchored, List<Rule> rules) {
        Map<String, List<Detector>> byKeyword = new LinkedHashMap<>();
        for (Detector detector : detectors) {
            for (String keyword : detector.keywords()) {
                byKeyword.computeIfAbsent(keyword.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(detector);
            }
        }
        List<String> keywords = new ArrayList<>(byKeyword.keySet());
        this.automaton = new KeywordAutomaton(keywords);
        this.triggers = new Detector[keywords.size()][];
        for (int id = 0; id < keywords.size(); id++) {
            triggers[id] = byKeyword.get(keywords.get(id)).toArray(Detector[]::new);
        }
        this.personal = personal;
        this.unanchored = List.copyOf(unanchored);
        this.rules = List.copyOf(rules);
    }

    /** @throws IllegalArgumentException naming what is wrong with a custom pattern, dictionary or region */
    public static Scanner compile(ScannerSettings settings) {
        List<Detector> detectors = new ArrayList<>(SecretRules.all());
        detectors.add(PersonalDataRules.emailDetector());
        List<Rule> rules = new ArrayList<>(detectors.stream().map(Detector::rule).toList());
        rules.addAll(PersonalDataRules.rules().stream().filter(r -> !rules.contains(r)).toList());
        List<Compiled> unanchored = new ArrayList<>();
        for (ScannerSettings.CustomPattern custom : settings.patterns()) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(custom.regex());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern '" + custom.name() + "' is not a valid regular expression: "
                        + e.getDescription());
            }
            if (pattern.matcher("").matches()) {
                throw new IllegalArgumentException("pattern '" + custom.name() + "' matches empty text");
            }
            Rule rule = new Rule(custom.name(), custom.category(), 0.8, "custom pattern " + custom.regex(), List.of(), List.of());
            requireNewName(rules, rule);
            rules.add(rule);
            if (custom.keywords().isEmpty()) {
                unanchored.add(new Compiled(rule, pattern));
            } else {
                detectors.add(new Detector(rule, custom.keywords(), customCheck(pattern)));
            }
        }
        for (ScannerSettings.Dictionary dictionary : settings.dictionaries()) {
            Rule rule = new Rule(dictionary.name(), dictionary.category(), 0.8, "dictionary of "
                    + dictionary.words().size() + " entries", List.of(), List.of());
            requireNewName(rules, rule);
            rules.add(rule);
            List<String> words = dictionary.words().stream().map(String::strip).filter(w -> !w.isEmpty()).distinct().toList();
            if (!words.isEmpty()) {
                detectors.add(new Detector(rule, words, Scanner::wholeWord));
            }
        }
        return new Scanner(detectors, new PersonalDataRules(settings.phoneRegions()), unanchored, rules);
    }

    private static void requireNewName(List<Rule> rules, Rule rule) {
        if (rule.name() == null || !rule.name().matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("'" + rule.name() + "' is not a detector name (lower case, digits, _)");
        }
        if (rules.stream().anyMatch(r -> r.name().equals(rule.name()))) {
            throw new IllegalArgumentException("detector '" + rule.name() + "' is defined twice");
        }
    }

    private static Check customCheck(Pattern pattern) {
        return (text, keywordStart, keywordEnd) -> {
            Matcher m = pattern.matcher(text);
            m.region(keywordStart, Math.min(text.length(), keywordStart + CUSTOM_MATCH_LIMIT));
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            return m.lookingAt() && m.end() > m.start() ? new Check.Span(m.start(), m.end()) : null;
        };
    }

    private static Check.Span wholeWord(CharSequence text, int start, int end) {
        if ((start > 0 && Checks.isWordChar(text.charAt(start - 1)))
                || (end < text.length() && Checks.isWordChar(text.charAt(end)))) {
            return null;
        }
        return new Check.Span(start, end);
    }

    /** Every rule, built-in and custom, in a stable order. */
    public List<Rule> rules() {
        return rules;
    }

    /** What the text holds, by position, without overlaps (where two rules claim the same text, the surer one wins). */
    public List<Detection> scan(CharSequence text) {
        List<Detection> found = new ArrayList<>();
        int n = text.length();
        int state = automaton.start();
        int numbersFrom = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            state = automaton.step(state, c);
            int[] ids = automaton.matchesAt(state);
            if (ids != null) {
                for (int id : ids) {
                    int start = i + 1 - automaton.length(id);
                    for (Detector detector : triggers[id]) {
                        Check.Span span = detector.check().confirm(text, start, i + 1);
                        if (span != null) {
                            found.add(new Detection(detector.rule(), span.start(), span.end()));
                        }
                    }
                }
            }
            if (i < numbersFrom) {
                continue;
            }
            if (Checks.isDigit(c) || ((c == '+' || c == '(') && i + 1 < n && Checks.isDigit(text.charAt(i + 1)))) {
                numbersFrom = personal.number(text, i, found::add);
            } else if (c >= 'A' && c <= 'Z' && i + 3 < n && text.charAt(i + 1) >= 'A' && text.charAt(i + 1) <= 'Z'
                    && Checks.isDigit(text.charAt(i + 2)) && Checks.isDigit(text.charAt(i + 3))) {
                int end = PersonalDataRules.iban(text, i, found::add);
                if (end > 0) {
                    numbersFrom = end;
                }
            }
        }
        for (Compiled custom : unanchored) {
            Matcher m = custom.pattern().matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    found.add(new Detection(custom.rule(), m.start(), m.end()));
                }
            }
        }
        return withoutOverlaps(found);
    }

    private static List<Detection> withoutOverlaps(List<Detection> found) {
        if (found.size() < 2) {
            return found;
        }
        found.sort(Comparator.comparingInt(Detection::start).thenComparing(Comparator.comparingInt(Detection::length).reversed()));
        List<Detection> kept = new ArrayList<>(found.size());
        for (Detection d : found) {
            Detection last = kept.isEmpty() ? null : kept.getLast();
            if (last == null || !last.overlaps(d)) {
                kept.add(d);
            } else if (d.rule().confidence() > last.rule().confidence() || d.rule().confidence() == last.rule().confidence()
                    && d.rule().category() == Category.SECRET && last.rule().category() != Category.SECRET) {
                kept.set(kept.size() - 1, d);
            }
        }
        return kept;
    }
}
