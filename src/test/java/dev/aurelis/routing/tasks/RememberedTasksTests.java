package dev.aurelis.routing.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.routing.Task;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A coding agent's tool loop sends the same instruction again and again: its task is remembered, by what the
 * classifier reads, and never handed to instructions that differ in any part it reads.
 */
class RememberedTasksTests {

    private static String unique() {
        return " (" + UUID.randomUUID() + ")";
    }

    @Test
    void theSameInstructionsAreClassifiedOnceAndRemembered() {
        String turn = "Please review this change to the billing module" + unique();
        assertThat(TaskClassifier.remembers(null, turn)).isFalse();
        assertThat(TaskClassifier.classify(null, turn)).isEqualTo(Task.CODE_REVIEW);
        assertThat(TaskClassifier.remembers(null, turn)).isTrue();
        // a fresh copy of the text, as the next request of the loop parses it
        assertThat(TaskClassifier.classify(null, new String(turn.toCharArray()))).isEqualTo(Task.CODE_REVIEW);
    }

    @Test
    void theSameTurnUnderAnotherSystemPromptIsClassifiedOnItsOwn() {
        String turn = "Look at the parser below." + unique();
        assertThat(TaskClassifier.classify("You are a security auditor.", turn)).isEqualTo(Task.SECURITY_ANALYSIS);
        assertThat(TaskClassifier.classify("You are a technical writer.", turn)).isEqualTo(Task.DOCUMENTATION);
        assertThat(TaskClassifier.classify(null, turn)).isEqualTo(Task.GENERAL);
    }

    @Test
    void anotherTurnUnderTheSameSystemPromptIsClassifiedOnItsOwn() {
        String system = "Answer briefly." + unique();
        assertThat(TaskClassifier.classify(system, "Why is this query so slow?")).isEqualTo(Task.PERFORMANCE_OPTIMIZATION);
        assertThat(TaskClassifier.classify(system, "Write a function that parses dates")).isEqualTo(Task.CODE_GENERATION);
        assertThat(TaskClassifier.classify(system, "Thanks")).isEqualTo(Task.GENERAL);
    }

    @Test
    void aLongSystemPromptIsNotTakenForAShortOneWithTheSameOpening() {
        // the short prompt states a task in its body; the long one's body is an agent's standing rules, not read
        String opening = "Answer questions about this repository." + unique() + "\n";
        String body = "Review every pull request for security vulnerabilities and XSS. ";
        String longPrompt = opening + body.repeat(TaskClassifier.SHORT_SYSTEM_PROMPT / body.length() + 1);
        // exactly what is read of the long one
        String shortPrompt = longPrompt.substring(0, TaskClassifier.ROLE_LINE);
        assertThat(TaskClassifier.classify(shortPrompt, "ok")).isEqualTo(Task.SECURITY_ANALYSIS);
        assertThat(TaskClassifier.classify(longPrompt, "ok")).isEqualTo(Task.GENERAL);
        assertThat(TaskClassifier.classify(shortPrompt, "ok")).isEqualTo(Task.SECURITY_ANALYSIS);
    }

    @Test
    void aLongTurnIsKnownByItsHeadAndTailAsTheClassifierReadsIt() {
        String head = "Optimize the hot path of this loop" + unique() + "\n" + "x".repeat(TaskClassifier.HEAD);
        String tail = "y".repeat(TaskClassifier.TAIL) + "\nthanks";
        String turn = head + "a".repeat(1_000) + tail;
        assertThat(TaskClassifier.classify(null, turn)).isEqualTo(Task.PERFORMANCE_OPTIMIZATION);
        // another middle, which is not read, is the same instructions
        assertThat(TaskClassifier.remembers(null, head + "b".repeat(1_000) + tail)).isTrue();
        // another tail is not
        assertThat(TaskClassifier.remembers(null, head + "a".repeat(1_000) + tail.replace("thanks", "please"))).isFalse();
    }
}
