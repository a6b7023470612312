package dev.aurelis.privacy.detection;

/** What a detector finds; policies may name a category instead of each detector in it. */
public enum Category {
    /** Credentials: keys, tokens, passwords, private keys. */
    SECRET("secret"),
    /** Data about a person: e-mail addresses, phone numbers, card numbers, IBANs, SSNs, IP addresses. */
    PERSONAL_DATA("personal_data"),
    /** The organisation's own patterns and dictionaries. */
    CUSTOM("custom");

    private final String configName;

    Category(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The placeholder's prefix: {@code [SECRET:...]}, {@code [PII:...]}, {@code [CUSTOM:...]}. */
    public String placeholderTag() {
        return switch (this) {
            case SECRET -> "SECRET";
            case PERSONAL_DATA -> "PII";
            case CUSTOM -> "CUSTOM";
        };
    }
}
