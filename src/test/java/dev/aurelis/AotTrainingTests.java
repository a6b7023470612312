package dev.aurelis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT cache's training run (ADR 0078) must exercise the gateway for real: a training whose requests all failed
 * would store the profile of the error path, and the cache would warm the wrong code. It must also leave nothing
 * behind (its throwaway data directory and embedded PostgreSQL).
 */
class AotTrainingTests {

    @Test
    void everyKindOfTrainingRequestIsAnsweredByTheGatewayAndTheThrowawayDataIsDeleted() throws Exception {
        List<Path> before = trainingDirectories();

        // 40 requests: four of each of the ten kinds (OpenAI and Anthropic, streamed or not, one with an address)
        AotTraining.Result result = AotTraining.train(40);

        assertThat(result.failed()).as("first failure: %s", result.firstFailure()).isZero();
        assertThat(result.answered()).isEqualTo(40);
        assertThat(trainingDirectories()).isEqualTo(before);
    }

    @Test
    void theTrainingProviderAnswersWithTheRequestedModel() {
        assertThat(TrainingProvider.model("{\"model\":\"training-claude\",\"stream\":true}")).isEqualTo("training-claude");
        assertThat(TrainingProvider.model("{\"messages\":[]}")).isEqualTo("training-model");
    }

    private static List<Path> trainingDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("aurelis-aot-training")).sorted().toList();
        }
    }
}
