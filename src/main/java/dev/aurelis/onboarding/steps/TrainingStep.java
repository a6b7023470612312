package dev.aurelis.onboarding.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code train_administrators}: every administrators' guide is packaged and served; the result lists where to
 * read each, for the people being trained.
 */
@Component
class TrainingStep implements OnboardingStep {

    private final TrainingMaterial material;

    TrainingStep(TrainingMaterial material) {
        this.material = material;
    }

    @Override
    public String name() {
        return "train_administrators";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        List<String> missing = TrainingMaterial.GUIDES.stream()
                .filter(name -> material.guide(name).filter(text -> !text.isBlank()).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new StepFailed("Guides missing from this build: " + String.join(", ", missing) + ".");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("guides", TrainingMaterial.GUIDES.stream().map(name -> TrainingMaterial.PATH + name).toList());
        return result;
    }
}
