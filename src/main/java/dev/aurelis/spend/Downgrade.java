package dev.aurelis.spend;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Serve a cheaper model instead of refusing: once spend passes {@code at} (a fraction of the budget), or when the
 * requested model no longer fits under a hard limit. {@code models} maps requested models to their replacement;
 * {@code to} replaces any other model.
 */
public record Downgrade(BigDecimal at, String to, Map<String, String> models) {

    public Downgrade {
        at = at == null ? new BigDecimal("0.9") : at;
        models = models == null ? Map.of() : Map.copyOf(models);
        to = to == null || to.isBlank() ? null : to.strip();
    }

    /** The replacement for {@code model}, if any that differs from it. */
    public Optional<String> replacementFor(String model) {
        String target = models.getOrDefault(model, to);
        return target == null || target.equals(model) ? Optional.empty() : Optional.of(target);
    }
}
