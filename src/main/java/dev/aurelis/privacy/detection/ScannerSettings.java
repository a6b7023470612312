package dev.aurelis.privacy.detection;

import java.util.List;

/**
 * What the detectors are compiled from.
 *
 * @param phoneRegions ISO 3166 region codes whose national phone numbers count (international numbers always do)
 * @param patterns     the organisation's own patterns
 * @param dictionaries the organisation's own word lists (customer names, project code names)
 */
public record ScannerSettings(List<String> phoneRegions, List<CustomPattern> patterns, List<Dictionary> dictionaries) {

    public ScannerSettings {
        phoneRegions = phoneRegions == null || phoneRegions.isEmpty() ? List.of("US") : List.copyOf(phoneRegions);
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        dictionaries = dictionaries == null ? List.of() : List.copyOf(dictionaries);
    }

    public static ScannerSettings defaults() {
        return new ScannerSettings(null, null, null);
    }

    /**
     * A pattern of the organisation's, e.g. employee ids {@code EMP-\d{6}}.
     *
     * @param keywords literal prefixes every match starts with; with them the pattern is only tried where one
     *                 occurs (one pass); without, it is searched over the whole text
     * @param category what it finds; null for {@link Category#CUSTOM}
     */
    public record CustomPattern(String name, String regex, List<String> keywords, Category category) {

        public CustomPattern {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            category = category == null ? Category.CUSTOM : category;
        }
    }

    /** Words or phrases matched whole and case-insensitively, e.g. a customer list. */
    public record Dictionary(String name, List<String> words, Category category) {

        public Dictionary {
            words = words == null ? List.of() : List.copyOf(words);
            category = category == null ? Category.CUSTOM : category;
        }
    }
}
