package dev.aurelis.spend.prices;

import dev.aurelis.spend.Price;
import java.util.Map;

/**
 * List prices (USD per million tokens: input, output, cached input) of common models, as published by their
 * vendors in 2026. The configuration's {@code pricing:} section overrides any of them and adds others.
 */
public final class BuiltInPrices {

    private BuiltInPrices() {
    }

    public static final Map<String, Price> PRICES = Map.ofEntries(
            Map.entry("gpt-4o", Price.of("2.50", "10.00", "1.25")),
            Map.entry("gpt-4o-mini", Price.of("0.15", "0.60", "0.075")),
            Map.entry("gpt-4.1", Price.of("2.00", "8.00", "0.50")),
            Map.entry("gpt-4.1-mini", Price.of("0.40", "1.60", "0.10")),
            Map.entry("gpt-4.1-nano", Price.of("0.10", "0.40", "0.025")),
            Map.entry("gpt-5", Price.of("1.25", "10.00", "0.125")),
            Map.entry("gpt-5-mini", Price.of("0.25", "2.00", "0.025")),
            Map.entry("gpt-5-nano", Price.of("0.05", "0.40", "0.005")),
            Map.entry("gpt-5-codex", Price.of("1.25", "10.00", "0.125")),
            Map.entry("o3", Price.of("2.00", "8.00", "0.50")),
            Map.entry("o3-mini", Price.of("1.10", "4.40", "0.55")),
            Map.entry("o4-mini", Price.of("1.10", "4.40", "0.275")),
            Map.entry("codex-mini-latest", Price.of("1.50", "6.00", "0.375")),
            Map.entry("text-embedding-3-small", Price.of("0.02", "0", null)),
            Map.entry("text-embedding-3-large", Price.of("0.13", "0", null)),
            Map.entry("text-embedding-ada-002", Price.of("0.10", "0", null)),
            Map.entry("codestral-2501", Price.of("0.30", "0.90", null)),
            Map.entry("codestral-latest", Price.of("0.30", "0.90", null)),
            Map.entry("mistral-large-latest", Price.of("2.00", "6.00", null)),
            Map.entry("mistral-small-latest", Price.of("0.10", "0.30", null)),
            Map.entry("devstral-medium-latest", Price.of("0.40", "2.00", null)),
            Map.entry("cohere-command-r", Price.of("0.15", "0.60", null)),
            Map.entry("cohere-command-r-plus", Price.of("2.50", "10.00", null)),
            Map.entry("claude-opus-4-1", new Price(new java.math.BigDecimal("15.00"), new java.math.BigDecimal("75.00"),
                    new java.math.BigDecimal("1.50"), new java.math.BigDecimal("18.75"))),
            Map.entry("claude-opus-4", new Price(new java.math.BigDecimal("15.00"), new java.math.BigDecimal("75.00"),
                    new java.math.BigDecimal("1.50"), new java.math.BigDecimal("18.75"))),
            Map.entry("claude-opus-4-5", new Price(new java.math.BigDecimal("5.00"), new java.math.BigDecimal("25.00"),
                    new java.math.BigDecimal("0.50"), new java.math.BigDecimal("6.25"))),
            Map.entry("claude-sonnet-4-5", new Price(new java.math.BigDecimal("3.00"), new java.math.BigDecimal("15.00"),
                    new java.math.BigDecimal("0.30"), new java.math.BigDecimal("3.75"))),
            Map.entry("claude-sonnet-4", new Price(new java.math.BigDecimal("3.00"), new java.math.BigDecimal("15.00"),
                    new java.math.BigDecimal("0.30"), new java.math.BigDecimal("3.75"))),
            Map.entry("claude-3-7-sonnet", new Price(new java.math.BigDecimal("3.00"), new java.math.BigDecimal("15.00"),
                    new java.math.BigDecimal("0.30"), new java.math.BigDecimal("3.75"))),
            Map.entry("claude-haiku-4-5", new Price(new java.math.BigDecimal("1.00"), new java.math.BigDecimal("5.00"),
                    new java.math.BigDecimal("0.10"), new java.math.BigDecimal("1.25"))),
            Map.entry("claude-3-5-haiku", new Price(new java.math.BigDecimal("0.80"), new java.math.BigDecimal("4.00"),
                    new java.math.BigDecimal("0.08"), new java.math.BigDecimal("1.00"))));
}
