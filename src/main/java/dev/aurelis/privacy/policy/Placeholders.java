package dev.aurelis.privacy.policy;

import dev.aurelis.privacy.detection.Category;
import dev.aurelis.privacy.detection.Rule;
import java.util.HashMap;
import java.util.Map;

/**
 * The typed placeholders of one exchange: {@code [SECRET:aws_access_key#1]}, numbered per detector, the same value
 * always under the same number (so the model can still tell two keys apart). Remembers personal data it replaced
 * when the exchange's policy makes redaction reversible, so the answer can be given back with the values.
 */
public final class Placeholders {

    private final boolean reversible;
    private final Map<String, Map<String, String>> byRule = new HashMap<>(); // rule -> value -> placeholder
    private final Map<String, String> originals = new HashMap<>();         // placeholder -> value (personal data only)

    public Placeholders(boolean reversible) {
        this.reversible = reversible;
    }

    public String of(Rule rule, String value) {
        Map<String, String> values = byRule.computeIfAbsent(rule.name(), k -> new HashMap<>());
        String placeholder = values.get(value);
        if (placeholder == null) {
            placeholder = "[" + rule.category().placeholderTag() + ":" + rule.name() + "#" + (values.size() + 1) + "]";
            values.put(value, placeholder);
            if (reversible && rule.category() != Category.SECRET) {
                originals.put(placeholder, value); // secrets are never given back, not even to their sender
            }
        }
        return placeholder;
    }

    /** Whether any placeholder can be given back. */
    public boolean restorable() {
        return !originals.isEmpty();
    }

    /** The text with every restorable placeholder replaced by the value it stands for. */
    public String restore(String text) {
        if (originals.isEmpty() || text.indexOf('[') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int open;
        while ((open = text.indexOf('[', from)) >= 0) {
            int close = text.indexOf(']', open);
            if (close < 0) {
                break;
            }
            String value = originals.get(text.substring(open, close + 1));
            if (value == null) {
                out.append(text, from, open + 1);
                from = open + 1;
            } else {
                out.append(text, from, open).append(value);
                from = close + 1;
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The longest placeholder there is, so a stream can hold back no more than that while one may be split. */
    public int longest() {
        return originals.keySet().stream().mapToInt(String::length).max().orElse(0);
    }
}
