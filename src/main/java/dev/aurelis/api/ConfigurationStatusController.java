package dev.aurelis.api;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.ConfigurationStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/configuration/status}: the keys of the running configuration that Aurelis accepts but does not
 * act on yet, unknown keys and unset variables, exactly as the start-up warnings list them.
 */
@RestController
class ConfigurationStatusController {

    private final ActiveConfiguration configuration;

    ConfigurationStatusController(ActiveConfiguration configuration) {
        this.configuration = configuration;
    }

    @GetMapping("/api/v1/configuration/status")
    ConfigurationStatus status() {
        return configuration.status();
    }
}
