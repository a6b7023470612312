package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.tasks.TaskClassifier;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class TaskDetectionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What developers type into coding assistants, with the task each asks for. */
    static Stream<Arguments> prompts() {
        return Stream.of(
                // code generation
                Arguments.of(Task.CODE_GENERATION, "Implement a function that parses ISO-8601 durations like PT1H30M into seconds."),
                Arguments.of(Task.CODE_GENERATION, "write a python script that renames all .jpeg files in a folder to .jpg"),
                Arguments.of(Task.CODE_GENERATION, "Add a REST endpoint POST /orders that validates the payload and stores it"),
                Arguments.of(Task.CODE_GENERATION, "Fix the bug where the login form submits twice when you press enter"),
                Arguments.of(Task.CODE_GENERATION, "Create a React component for a paginated table with sortable columns"),
                Arguments.of(Task.CODE_GENERATION, "Generate unit tests for the PriceCalculator class using JUnit 5"),
                Arguments.of(Task.CODE_GENERATION, "The build fails with this compile error, can you fix it?\n```\nerror: cannot find symbol\n```"),
                // code review
                Arguments.of(Task.CODE_REVIEW, "Can you review my PR? It adds retry logic to the HTTP client."),
                Arguments.of(Task.CODE_REVIEW, "Please do a code review of the following diff and point out any bugs:\n```diff\n- a\n+ b\n```"),
                Arguments.of(Task.CODE_REVIEW, "Is this implementation idiomatic Go? Any issues you can spot?"),
                Arguments.of(Task.CODE_REVIEW, "Look over my changes before I merge, I want feedback on the naming"),
                Arguments.of(Task.CODE_REVIEW, "Is this code correct? I'm not sure about the edge cases"),
                Arguments.of(Task.CODE_REVIEW, "review src/main/java/Billing.java"),
                // documentation
                Arguments.of(Task.DOCUMENTATION, "Add docstrings to all public functions in utils.py"),
                Arguments.of(Task.DOCUMENTATION, "Write a README for this project with setup and usage sections"),
                Arguments.of(Task.DOCUMENTATION, "Generate Javadoc for the OrderService interface"),
                Arguments.of(Task.DOCUMENTATION, "Explain how this function works, step by step"),
                Arguments.of(Task.DOCUMENTATION, "Update the API documentation for the /v2/invoices endpoint"),
                Arguments.of(Task.DOCUMENTATION, "Please document this module and add comments where the logic is tricky"),
                // security analysis
                Arguments.of(Task.SECURITY_ANALYSIS, "Is this endpoint vulnerable to SQL injection?"),
                Arguments.of(Task.SECURITY_ANALYSIS, "Review this code for security vulnerabilities before we ship it"),
                Arguments.of(Task.SECURITY_ANALYSIS, "Check the login handler for XSS and CSRF issues"),
                Arguments.of(Task.SECURITY_ANALYSIS, "Are there any hardcoded credentials or secrets exposed in this config?"),
                Arguments.of(Task.SECURITY_ANALYSIS, "Does our use of log4j make us exploitable by CVE-2021-44228?"),
                Arguments.of(Task.SECURITY_ANALYSIS, "Do a threat model for the file upload feature"),
                // performance optimisation
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "Optimize this function, it's too slow on large inputs"),
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "Why is this query so slow? It takes 3 seconds on 10k rows"),
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "How can I reduce the memory usage of this service?"),
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "Find the bottleneck in this loop and make it faster"),
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "What's the time complexity of this and can we get it below O(n^2)?"),
                Arguments.of(Task.PERFORMANCE_OPTIMIZATION, "We have an N+1 query problem in the orders page"),
                // nothing specific
                Arguments.of(Task.GENERAL, "hi"),
                Arguments.of(Task.GENERAL, "What's the difference between a process and a thread?"),
                Arguments.of(Task.GENERAL, "thanks, that worked!"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("prompts")
    void classifiesTheLastUserTurn(Task expected, String prompt) {
        assertThat(TaskClassifier.classify(null, prompt)).isEqualTo(expected);
    }

    @Test
    void readsAShortSystemPromptThatStatesTheTask() {
        assertThat(TaskClassifier.classify("You are a senior code reviewer. Point out bugs and risky changes.",
                "```diff\n--- a/app.py\n+++ b/app.py\n```")).isEqualTo(Task.CODE_REVIEW);
        assertThat(TaskClassifier.classify("Write Javadoc for every public method you are given.", "class A {}"))
                .isEqualTo(Task.DOCUMENTATION);
    }

    @Test
    void aThingToBuildCountsWithinFortyCharactersOfTheVerbOnTheSameLineAndAsAWholeWord() {
        assertThat(TaskClassifier.classify(null, "write: function")).isEqualTo(Task.CODE_GENERATION);
        assertThat(TaskClassifier.classify(null, "please make (quickly!) a migration")).isEqualTo(Task.CODE_GENERATION);
        assertThat(TaskClassifier.classify(null, "build " + "x".repeat(38) + " parser")).isEqualTo(Task.CODE_GENERATION);
        // one character further, on another line, or inside a longer word: nothing to build
        assertThat(TaskClassifier.classify(null, "build " + "x".repeat(39) + " parser")).isEqualTo(Task.GENERAL);
        assertThat(TaskClassifier.classify(null, "write it down\nfunction")).isEqualTo(Task.GENERAL);
        assertThat(TaskClassifier.classify(null, "write dysfunction")).isEqualTo(Task.GENERAL);
        assertThat(TaskClassifier.classify(null, "add é\u0301function")).isEqualTo(Task.GENERAL); // a mark joins its letter
    }

    @Test
    void ignoresTheStandingRulesOfAnAgentsLongSystemPrompt() {
        String agent = "You are an interactive CLI tool that helps users with software engineering tasks. "
                + "IMPORTANT: Assist with defensive security tasks only. Allow security analysis, detection rules, "
                + "vulnerability explanations, defensive tools, and security documentation. "
                + "When asked to review code, be thorough. Keep documentation up to date. ".repeat(40);

        assertThat(TaskClassifier.classify(agent, "Implement a CSV export button on the reports page"))
                .isEqualTo(Task.CODE_GENERATION);
        assertThat(TaskClassifier.classify(agent, "ok")).isEqualTo(Task.GENERAL);
    }

    @Test
    void ignoresWordsInsidePastedCode() {
        String prompt = "what does this print?\n```java\n// TODO optimize performance, security review pending\n"
                + "System.out.println(\"review\");\n```";

        assertThat(TaskClassifier.classify(null, prompt)).isEqualTo(Task.GENERAL);
    }

    @Test
    void takesTheHeaderFirstInAnySpelling() {
        ObjectNode body = chat("Implement a parser");

        assertThat(TaskDetection.detect(WireFormat.OPENAI_CHAT, body, Map.of("x-aurelis-task", "Security-Analysis")))
                .isEqualTo(new DetectedTask(Task.SECURITY_ANALYSIS, DetectedTask.Source.HEADER));
    }

    @Test
    void takesTheRequestMetadataWhenThereIsNoHeader() {
        ObjectNode body = chat("Implement a parser");
        body.putObject("metadata").put("aurelis_task", "documentation");

        assertThat(TaskDetection.detect(WireFormat.OPENAI_CHAT, body, Map.of()))
                .isEqualTo(new DetectedTask(Task.DOCUMENTATION, DetectedTask.Source.METADATA));
    }

    @Test
    void refusesATaskItDoesNotKnow() {
        assertThatThrownBy(() -> TaskDetection.detect(WireFormat.OPENAI_CHAT, chat("x"), Map.of("x-aurelis-task", "poetry")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poetry").hasMessageContaining("code_review");
        ObjectNode body = chat("x");
        body.putObject("metadata").put("aurelis_task", 3);
        assertThatThrownBy(() -> TaskDetection.detect(WireFormat.OPENAI_CHAT, body, Map.of()))
                .hasMessageContaining("must be a string");
    }

    @Test
    void treatsCompletionsAndFillInTheMiddleAsCodeGeneration() {
        assertThat(TaskDetection.detect(WireFormat.OPENAI_COMPLETIONS, json("""
                {"model":"m","prompt":"def add(a, b):\\n    ","suffix":"\\n\\nprint(add(1, 2))"}"""), Map.of()))
                .isEqualTo(new DetectedTask(Task.CODE_GENERATION, DetectedTask.Source.FILL_IN_THE_MIDDLE));
        assertThat(TaskDetection.detect(WireFormat.OPENAI_COMPLETIONS, json("""
                {"model":"m","prompt":"// a function that reverses a string"}"""), Map.of()))
                .isEqualTo(new DetectedTask(Task.CODE_GENERATION, DetectedTask.Source.ENDPOINT));
        assertThat(TaskDetection.detect(WireFormat.OPENAI_CHAT,
                chat("<|fim_prefix|>def add(a, b):<|fim_suffix|>\nprint(add(1,2))<|fim_middle|>"), Map.of()))
                .isEqualTo(new DetectedTask(Task.CODE_GENERATION, DetectedTask.Source.FILL_IN_THE_MIDDLE));
    }

    @Test
    void readsTheLastAnthropicTurnWithTextPastToolResultsAndReminders() {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":100,
                 "system":[{"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude."}],
                 "messages":[
                   {"role":"user","content":[
                     {"type":"text","text":"<system-reminder>Remember to write tests and documentation.</system-reminder>"},
                     {"type":"text","text":"Is the token check in auth.py vulnerable to a timing attack?"}]},
                   {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"path":"auth.py"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"def check(a, b): return a == b"}]}
                 ]}""");

        assertThat(TaskDetection.detect(WireFormat.ANTHROPIC_MESSAGES, body, Map.of()))
                .isEqualTo(new DetectedTask(Task.SECURITY_ANALYSIS, DetectedTask.Source.INSTRUCTIONS));
    }

    @Test
    void readsTheResponsesApiInputAndInstructions() {
        assertThat(TaskDetection.detect(WireFormat.OPENAI_RESPONSES, json("""
                {"model":"gpt-4o","instructions":"You are a helpful assistant.",
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Speed up this loop, it is the hot path"}]}]}"""),
                Map.of()).task()).isEqualTo(Task.PERFORMANCE_OPTIMIZATION);
        assertThat(TaskDetection.detect(WireFormat.OPENAI_RESPONSES, json("""
                {"model":"gpt-4o","input":"add a docstring to foo()"}"""), Map.of()).task())
                .isEqualTo(Task.DOCUMENTATION);
    }

    @Test
    void leavesEmbeddingsWithoutATask() {
        assertThat(TaskDetection.detect(WireFormat.OPENAI_EMBEDDINGS, json("{\"model\":\"e\",\"input\":\"review\"}"), Map.of()))
                .isEqualTo(DetectedTask.GENERAL);
    }

    private static ObjectNode chat(String userText) {
        ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o");
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        return body;
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }
}
