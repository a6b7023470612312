package dev.aurelis.onboarding.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The administrators' guides (docs/*.md, packaged with the server) that onboarding hands to the people who will run
 * Aurelis, in the order they are best read; served at {@code /api/v1/onboarding/training/{name}}.
 */
@Component
public class TrainingMaterial {

    /** Guide names (without {@code .md}), in reading order. */
    public static final List<String> GUIDES = List.of("onboarding", "configuration", "access", "sign-in", "budgets",
            "alerting", "audit", "compliance", "privacy", "analytics", "operations", "disaster-recovery");

    public static final String PATH = "/api/v1/onboarding/training/";

    /** The guide's Markdown, when {@code name} is one of {@link #GUIDES} and it was packaged. */
    public Optional<String> guide(String name) {
        if (!GUIDES.contains(name)) {
            return Optional.empty();
        }
        ClassPathResource resource = new ClassPathResource("docs/" + name + ".md");
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the guide " + name, e);
        }
    }
}
