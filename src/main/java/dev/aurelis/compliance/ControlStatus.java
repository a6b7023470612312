package dev.aurelis.compliance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A control's outcome: evidenced, contradicted by the evidence, or not something this deployment can evidence. */
public enum ControlStatus {
    PASS, FAIL, NOT_APPLICABLE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
