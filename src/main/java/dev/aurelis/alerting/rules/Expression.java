package dev.aurelis.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's condition: {@code <term> <comparison> <term>}, where a term is a signal, a number (with {@code %} for a
 * share: {@code 5%} is 0.05) or a reference ({@code baseline}, {@code budget}, {@code policy_limit}), optionally
 * multiplied or divided by numbers: {@code error_rate > 5%}, {@code monthly_spend > budget * 0.8},
 * {@code requests_per_minute > baseline * 3}. The Cortex form names the signal apart ({@code metric: error_rate},
 * {@code condition: "> 0.05"}): the condition then starts with the comparison.
 */
public final class Expression {

    /** One side: a name (signal or reference) or none, times a constant factor. */
    record Term(String name, double factor) {

        Optional<Double> value(Function<String, Optional<Double>> lookup) {
            if (name == null) {
                return Optional.of(factor);
            }
            return lookup.apply(name).map(v -> v * factor);
        }

        @Override
        public String toString() {
            if (name == null) {
                return number(factor);
            }
            return factor == 1.0 ? name : name + " * " + number(factor);
        }
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<number>\\d+(?:\\.\\d+)?)(?<percent>%)?|(?<name>[a-z_][a-z0-9_]*)|(?<op>>=|<=|==|!=|>|<)|(?<mul>[*/]))",
            Pattern.CASE_INSENSITIVE);

    private final Term left;
    private final String comparison;
    private final Term right;
    private final String text;

    private Expression(Term left, String comparison, Term right, String text) {
        this.left = left;
        this.comparison = comparison;
        this.right = right;
        this.text = text;
    }

    /**
     * Parses {@code condition} (with {@code metric} as its left side when it starts with a comparison).
     *
     * @throws IllegalArgumentException with what is wrong and what was expected
     */
    public static Expression parse(String metric, String condition, Set<String> known) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("the condition is empty; write e.g. error_rate > 5%");
        }
        List<String[]> tokens = tokenize(condition);
        int i = 0;
        Term left;
        if (tokens.getFirst()[0].equals("op")) {
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException("'" + condition + "' starts with a comparison, so the rule must name "
                        + "its metric (e.g. metric: error_rate)");
            }
            left = new Term(checkName(metric.strip().toLowerCase(Locale.ROOT), known), 1.0);
        } else {
            int[] next = new int[1];
            left = term(tokens, 0, next, known, condition);
            i = next[0];
        }
        if (i >= tokens.size() || !tokens.get(i)[0].equals("op")) {
            throw new IllegalArgumentException("'" + condition + "' has no comparison (>, >=, <, <=, ==, !=)");
        }
        String op = tokens.get(i)[1];
        int[] next = new int[1];
        Term right = term(tokens, i + 1, next, known, condition);
        if (next[0] != tokens.size()) {
            throw new IllegalArgumentException("'" + condition + "' goes on after its right-hand side");
        }
        return new Expression(left, op, right, left + " " + op + " " + right);
    }

    private static Term term(List<String[]> tokens, int start, int[] next, Set<String> known, String condition) {
        String name = null;
        double factor = 1.0;
        int i = start;
        boolean expectOperand = true;
        String pendingOp = "*";
        while (i < tokens.size()) {
            String[] t = tokens.get(i);
            if (expectOperand) {
                if (t[0].equals("number")) {
                    double v = Double.parseDouble(t[1]);
                    factor = pendingOp.equals("*") ? factor * v : factor / v;
                } else if (t[0].equals("name") && name == null && pendingOp.equals("*")) {
                    name = checkName(t[1], known);
                } else {
                    throw new IllegalArgumentException("'" + condition + "': unexpected '" + t[1] + "'; a side is a "
                            + "signal or number, optionally times or divided by numbers");
                }
                expectOperand = false;
            } else if (t[0].equals("mul")) {
                pendingOp = t[1];
                expectOperand = true;
            } else {
                break;
            }
            i++;
        }
        if (expectOperand) {
            throw new IllegalArgumentException("'" + condition + "' ends where a signal or number was expected");
        }
        next[0] = i;
        return new Term(name, factor);
    }

    private static String checkName(String name, Set<String> known) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!known.contains(n)) {
            throw new IllegalArgumentException("'" + name + "' is not a signal; known: " + String.join(", ", known));
        }
        return n;
    }

    private static List<String[]> tokenize(String condition) {
        List<String[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(condition);
        int at = 0;
        while (at < condition.length()) {
            if (condition.substring(at).isBlank()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + condition + "': cannot read '" + condition.substring(at).strip()
                        + "'");
            }
            if (m.group("number") != null) {
                double v = Double.parseDouble(m.group("number"));
                tokens.add(new String[] {"number", Double.toString(m.group("percent") != null ? v / 100 : v)});
            } else if (m.group("name") != null) {
                tokens.add(new String[] {"name", m.group("name").toLowerCase(Locale.ROOT)});
            } else if (m.group("op") != null) {
                tokens.add(new String[] {"op", m.group("op")});
            } else {
                tokens.add(new String[] {"mul", m.group("mul")});
            }
            at = m.end();
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty; write e.g. error_rate > 5%");
        }
        return tokens;
    }

    /** The signal the rule watches: the left side's name (or the right's when the left is a number). */
    public String signal() {
        return left.name() != null ? left.name() : right.name();
    }

    /** Every name the condition uses. */
    public Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        if (left.name() != null) {
            names.add(left.name());
        }
        if (right.name() != null) {
            names.add(right.name());
        }
        return names;
    }

    /** The sides' values and whether the comparison holds; empty when a side has no value (yet). */
    public Optional<Outcome> evaluate(Function<String, Optional<Double>> lookup) {
        Optional<Double> l = left.value(lookup);
        Optional<Double> r = right.value(lookup);
        if (l.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        double a = l.get();
        double b = r.get();
        boolean holds = switch (comparison) {
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "<" -> a < b;
            case "<=" -> a <= b;
            case "==" -> a == b;
            default -> a != b;
        };
        return Optional.of(new Outcome(a, b, holds));
    }

    /** The values compared: the watched side and the threshold it was compared with. */
    public record Outcome(double value, double threshold, boolean holds) {
    }

    @Override
    public String toString() {
        return text;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
