package dev.aurelis.privacy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How sensitive an exchange is, from its findings and the repository and paths it concerns; ordered. */
public enum DataClass {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public DataClass atLeast(DataClass other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    /** @throws IllegalArgumentException listing the classes there are */
    public static DataClass of(String name) {
        for (DataClass value : values()) {
            if (value.configName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a data class; use one of "
                + Arrays.stream(values()).map(DataClass::configName).collect(Collectors.joining(", ")));
    }
}
