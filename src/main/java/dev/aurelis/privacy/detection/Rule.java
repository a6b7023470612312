package dev.aurelis.privacy.detection;

import java.util.List;

/**
 * A detector as operators and tests see it: its name (what policies, placeholders, events and the ledger use),
 * category, how sure a match is, and the test vectors it is held to.
 *
 * @param confidence how likely a match is what the rule says (0..1): format-checked tokens near 1, generic
 *                   assignments and shapes without a checksum lower
 * @param fires      texts the rule must find something in
 * @param passes     look-alikes the rule must not fire on
 */
public record Rule(String name, Category category, double confidence, String description, List<String> fires,
        List<String> passes) {

    public Rule {
        fires = List.copyOf(fires);
        passes = List.copyOf(passes);
    }
}
