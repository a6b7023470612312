package dev.aurelis.compliance;

import java.util.Locale;

/** The frameworks reports are made for. */
public enum Framework {
    SOC2("SOC 2"),
    ISO27001("ISO/IEC 27001:2022"),
    GDPR("GDPR"),
    HIPAA("HIPAA Security Rule"),
    SOX("SOX (IT general controls)");

    private final String title;

    Framework(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Reads {@code SOC2}, {@code soc 2}, {@code ISO 27001}, {@code iso27001}…; anything else is the caller's error. */
    public static Framework parse(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "").replace("ISOIEC", "ISO").replaceFirst("^ISO27001.*", "ISO27001");
        for (Framework f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("framework '" + name + "' is not one of SOC2, ISO27001, GDPR, HIPAA, SOX");
    }
}
