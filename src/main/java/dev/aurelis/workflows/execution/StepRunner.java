package dev.aurelis.workflows.execution;

import dev.aurelis.gateway.ModelAnswer;
import dev.aurelis.gateway.ModelCalls;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.workflows.definitions.StepDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one step: the change in parts that fit a model call, each part sent with the step's instructions through
 * the gateway as the workflow's identity, the answers read into findings (or a summary). A refused or failed call
 * fails the step with the gateway's own message; nothing is retried here, since the gateway already retries and
 * falls back along its routes. A workflow whose month's spend has reached its {@code budget} makes no further call:
 * the step fails with {@code workflow budget exhausted: spent X of Y}.
 */
@Component
class StepRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_OUTPUT_TOKENS = 2_048;

    private static final String FINDINGS_FORMAT = """
            Answer with one JSON object and nothing else, in this form:
            {"findings": [{"file": "path/as/shown", "line": 42, "severity": "critical|high|medium|low", \
            "title": "a few words", "message": "what is wrong and how to fix it"}]}
            "line" is the number shown before the line in the new file. Answer {"findings": []} when there is \
            nothing to report.""";
    private static final String SUMMARY_FORMAT = """
            Answer with one JSON object and nothing else: {"summary": "your summary, in Markdown"}""";

    private final ModelCalls models;
    private final WorkflowIdentities identities;
    private final WorkflowBudgets budgets;

    StepRunner(ModelCalls models, WorkflowIdentities identities, WorkflowBudgets budgets) {
        this.models = models;
        this.identities = identities;
        this.budgets = budgets;
    }

    StepOutcome run(TenantId tenant, StepDefinition step, ReviewContext review, BooleanSupplier cancelled) {
        List<Finding> findings = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        String key;
        try {
            key = identities.keyFor(tenant, review.workflow(), review.team(), review.project());
        } catch (RuntimeException e) {
            return new StepOutcome(List.of(), null, List.of(), "the workflow's identity could not be set up: " + e.getMessage());
        }
        for (String chunk : DiffChunks.split(review.files())) {
            if (cancelled.getAsBoolean()) {
                return new StepOutcome(findings, null, requestIds, "cancelled");
            }
            java.util.Optional<String> exhausted = budgets.exhausted(tenant, review.workflow());
            if (exhausted.isPresent()) {
                return new StepOutcome(findings, null, requestIds, exhausted.get());
            }
            ModelAnswer answer = models.chat(key, request(step, review, chunk), headers(step, review));
            if (answer.requestId() != null) {
                requestIds.add(answer.requestId());
            }
            if (!answer.ok()) {
                String message = gatewayMessage(answer);
                return new StepOutcome(findings, null, requestIds, budgets.refusal(tenant, review.workflow(), message)
                        .orElseGet(() -> "the gateway answered " + answer.status() + ": " + message));
            }
            try {
                JsonNode result = ModelOutput.object(ModelOutput.assistantText(JSON.readTree(answer.body())));
                if (step.action().summarises()) {
                    summaries.add(ModelOutput.summary(result));
                } else {
                    findings.addAll(ModelOutput.findings(step.name(), result));
                }
            } catch (IllegalArgumentException e) {
                return new StepOutcome(findings, null, requestIds, e.getMessage());
            }
        }
        return new StepOutcome(findings, summaries.isEmpty() ? null : String.join("\n\n", summaries), requestIds, null);
    }

    private static byte[] request(StepDefinition step, ReviewContext review, String chunk) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", step.model());
        body.put("temperature", 0);
        body.put("max_tokens", MAX_OUTPUT_TOKENS);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", step.prompt() + "\n\n"
                + (step.action().summarises() ? SUMMARY_FORMAT : FINDINGS_FORMAT));
        messages.addObject().put("role", "user").put("content", "Repository: " + review.repository() + "\n"
                + (review.title() == null ? "" : "Title: " + review.title() + "\n")
                + (review.author() == null ? "" : "Author: " + review.author() + "\n")
                + "\nThe change, file by file (numbers are lines of the new file):\n\n" + chunk);
        return JSON.writeValueAsBytes(body);
    }

    private static Map<String, String> headers(StepDefinition step, ReviewContext review) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-aurelis-task", step.action().task());
        if (review.project() != null) {
            headers.put("x-aurelis-project", review.project());
        }
        headers.put("x-aurelis-workflow-run", review.runId().toString());
        return headers;
    }

    private static String gatewayMessage(ModelAnswer answer) {
        try {
            JsonNode error = JSON.readTree(answer.body()).path("error");
            String message = error.path("message").asString("");
            return message.isBlank() ? answer.bodyText() : message;
        } catch (RuntimeException e) {
            return answer.bodyText();
        }
    }
}
