package dev.aurelis.configuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Normalisation shared by the records' constructors: absent collections become empty, never null. */
final class Defaults {

    private Defaults() {
    }

    /** Copies without rejecting null elements, so that validation can report them with their path. */
    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Keeps the file's order; an entry written without a body ({@code qa:}) gets the empty value. */
    static <V> Map<String, V> map(Map<String, V> values, Supplier<V> emptyValue) {
        if (values == null) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, value == null ? emptyValue.get() : value));
        return Collections.unmodifiableMap(copy);
    }

    static Map<String, String> strings(Map<String, String> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
