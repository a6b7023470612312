package dev.aurelis.onboarding.web;

import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.ConfigurationLoader;
import dev.aurelis.configuration.InvalidConfigurationException;
import dev.aurelis.configuration.LoadedConfiguration;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.onboarding.Onboarding;
import dev.aurelis.onboarding.OnboardingReport;
import dev.aurelis.onboarding.steps.TrainingMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/onboarding} runs (or resumes) the twelve onboarding steps for the caller's organisation
 * against the configuration in the body (YAML, as {@code aurelis onboard --config FILE} sends it; {@code ${VAR}}
 * resolves against the server's environment), or against the server's own configuration when the body is empty;
 * {@code ?restart=true} runs every step again. It answers the brief's summary, 200 whether or not every step
 * succeeded (the summary says which failed and why); requires {@code security:manage}, since a step may take a
 * backup. {@code GET /api/v1/onboarding} answers the last run's summary; {@code GET /api/v1/onboarding/training/{name}}
 * serves an administrators' guide as Markdown ({@code config:read}).
 */
@RestController
class OnboardingController {

    private final Onboarding onboarding;
    private final ActiveConfiguration active;
    private final TrainingMaterial training;

    OnboardingController(Onboarding onboarding, ActiveConfiguration active, TrainingMaterial training) {
        this.onboarding = onboarding;
        this.active = active;
        this.training = training;
    }

    @PostMapping("/api/v1/onboarding")
    OnboardingReport run(@RequestBody(required = false) String body,
            @RequestParam(defaultValue = "false") boolean restart,
            @RequestParam(required = false) String file) {
        Caller caller = AdminCallers.current();
        LoadedConfiguration configuration;
        String source;
        String digest;
        if (body == null || body.isBlank()) {
            configuration = active.loaded();
            source = active.source() == null ? "defaults (server)" : active.source().getFileName() + " (server)";
            digest = digest(activeText());
        } else {
            configuration = ConfigurationLoader.load(body, System.getenv());
            source = file == null || file.isBlank() ? "request" : file;
            digest = digest(body);
        }
        return onboarding.run(caller.tenantId(), configuration, source, digest, restart, caller.email());
    }

    @GetMapping("/api/v1/onboarding")
    Object last() {
        return onboarding.last(AdminCallers.current().tenantId()).<Object>map(report -> report).orElseGet(() -> {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("onboarding_status", "not_started");
            none.put("steps_completed", 0);
            none.put("total_steps", 12);
            none.put("results", List.of());
            return none;
        });
    }

    @GetMapping("/api/v1/onboarding/training/{name}")
    ResponseEntity<String> guide(@PathVariable String name) {
        String text = training.guide(name).orElseThrow(() -> new NoSuchElementException(
                "No guide '" + name + "'; the guides are " + String.join(", ", TrainingMaterial.GUIDES)));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8)).body(text);
    }

    @ExceptionHandler(InvalidConfigurationException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidConfigurationException e) {
        List<Map<String, Object>> problems = e.problems().stream().map(p -> {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("path", p.path());
            problem.put("reason", p.reason());
            if (p.line() > 0) {
                problem.put("line", p.line());
            }
            return problem;
        }).toList();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "The configuration is not valid: " + e.getMessage());
        error.put("type", "invalid_request_error");
        error.put("problems", problems);
        return ResponseEntity.badRequest().body(Map.of("error", error));
    }

    private String activeText() {
        if (active.source() == null) {
            return "";
        }
        try {
            return Files.readString(active.source());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the server's configuration file", e);
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
