package dev.aurelis.spend;

import dev.aurelis.spend.prices.BuiltInPrices;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The price of a model: configured prices first, then the built-in table. Names are matched exactly, then
 * without a vendor prefix ({@code openai/gpt-4o}) and without a release date suffix ({@code -2024-08-06},
 * {@code -20250514}), so a provider's dated id finds its family's price.
 */
@Component
public class Prices {

    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private volatile Map<String, Price> configured = Map.of();
    private final Map<String, Optional<Price>> resolved = new ConcurrentHashMap<>();

    public void configure(Map<String, Price> prices) {
        Map<String, Price> normalized = new java.util.HashMap<>();
        prices.forEach((name, price) -> normalized.put(name.toLowerCase(Locale.ROOT), price));
        configured = Map.copyOf(normalized);
        resolved.clear();
    }

    /** The price of the first of {@code names} that has one (for example the catalogue name, then the provider's id). */
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
        return Optional.empty();
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
