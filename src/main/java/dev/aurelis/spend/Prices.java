package dev.aurelis.spend;

import dev.aurelis.spend.prices.BuiltInPrices;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The price of a model: configured prices first, then the built-in table. Names are matched exactly, then
 * without a vendor prefix ({@code openai/gpt-4o}) and without a release date suffix ({@code -2024-08-06},
 * {@code -20250514}), so a provider's dated id finds its family's price.
 */
@Component
public class Prices {

    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    /** What to do with a model that has no price ({@code aurelis.spend.unpriced}). */
    public enum Unpriced {
        /** Refuse it when a hard budget applies (the budget could not be held); serve it unbudgeted otherwise. */
        REFUSE,
        /** Serve it, holding nothing against budgets; its records are flagged unpriced. */
        ALLOW_UNBUDGETED,
        /** Price it as another model. */
        PRICE_AS
    }

    private volatile Map<String, Price> configured = Map.of();
    private final Map<String, Optional<Price>> resolved = new ConcurrentHashMap<>();
    private final Unpriced unpriced;
    private final String priceAs;

    /** Prices that refuse unpriced models under hard budgets. */
    public Prices() {
        this("refuse");
    }

    /** @param unpriced {@code refuse} (default), {@code allow_unbudgeted}, or {@code price_as:<model>} */
    @org.springframework.beans.factory.annotation.Autowired
    public Prices(@Value("${aurelis.spend.unpriced:refuse}") String unpriced) {
        String policy = unpriced == null ? "refuse" : unpriced.strip();
        if (policy.toLowerCase(Locale.ROOT).startsWith("price_as:") && policy.length() > "price_as:".length()) {
            this.unpriced = Unpriced.PRICE_AS;
            this.priceAs = policy.substring("price_as:".length()).strip();
        } else {
            this.unpriced = switch (policy.toLowerCase(Locale.ROOT)) {
                case "refuse", "" -> Unpriced.REFUSE;
                case "allow_unbudgeted" -> Unpriced.ALLOW_UNBUDGETED;
                default -> throw new IllegalArgumentException("aurelis.spend.unpriced must be refuse, allow_unbudgeted "
                        + "or price_as:<model>, not '" + policy + "'");
            };
            this.priceAs = null;
        }
    }

    /** The policy for models without a price. */
    public Unpriced unpriced() {
        return unpriced;
    }

    public void configure(Map<String, Price> prices) {
        Map<String, Price> normalized = new java.util.HashMap<>();
        prices.forEach((name, price) -> normalized.put(name.toLowerCase(Locale.ROOT), price));
        configured = Map.copyOf(normalized);
        resolved.clear();
    }

    /**
     * The price of the first of {@code names} that has one (for example the catalogue name, then the provider's
     * id); with {@code price_as:<model>}, that model's price when none has one.
     */
    public Optional<Price> priceOf(String... names) {
        for (String name : names) {
            if (name == null) {
                continue;
            }
            Optional<Price> price = resolved.computeIfAbsent(name.toLowerCase(Locale.ROOT), this::lookup);
            if (price.isPresent()) {
                return price;
            }
        }
        return priceAs == null ? Optional.empty() : resolved.computeIfAbsent(priceAs.toLowerCase(Locale.ROOT), this::lookup);
    }

    private Optional<Price> lookup(String name) {
        for (String candidate : candidates(name)) {
            Price price = configured.get(candidate);
            if (price == null) {
                price = BuiltInPrices.PRICES.get(candidate);
            }
            if (price != null) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    private static java.util.List<String> candidates(String name) {
        String bare = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
        String undated = DATE_SUFFIX.matcher(bare).replaceFirst("");
        return java.util.List.of(name, bare, undated, undated.replace("-latest", ""));
    }
}
