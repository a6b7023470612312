package dev.aurelis.privacy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a policy does with a finding, from the mildest to the strictest. */
public enum PrivacyAction {
    /** Passes untouched and unreported. */
    ALLOW,
    /** Passes untouched; the decision is reported (event, metric, ledger). */
    ALERT,
    /** Replaced by a typed placeholder such as {@code [SECRET:aws_access_key#1]} before any provider sees it. */
    REDACT,
    /** Sent only to providers marked {@code on_premise}, as written. */
    ROUTE_ON_PREMISE,
    /** The exchange is refused, naming the detector and where; nothing is sent. */
    BLOCK;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the actions there are */
    public static PrivacyAction of(String name) {
        for (PrivacyAction action : values()) {
            if (action.configName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return action;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a privacy action; use one of "
                + Arrays.stream(values()).map(PrivacyAction::configName).collect(Collectors.joining(", ")));
    }
}
