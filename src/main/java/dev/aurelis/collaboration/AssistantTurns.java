package dev.aurelis.collaboration;

import dev.aurelis.gateway.ModelAnswer;
import dev.aurelis.gateway.ModelCalls;
import dev.aurelis.identity.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A participant's question to the assistant, shared with the session: a gateway call made in process with the
 * participant's own key (so access, privacy, budgets, routing and the ledger apply and the spend is theirs), naming
 * the workspace (so its instructions and context are added as for any member's request); the answer becomes the
 * session's next event, which every connected participant receives.
 */
@Component
class AssistantTurns {

    static final int MAX_PROMPT = 32 * 1024;

    /** The gateway's answer: the recorded turn when it succeeded, else its status and error body to pass on. */
    record Turn(SessionEvent event, String model, String requestId, int status, byte[] error) {
    }

    private final Sessions sessions;
    private final ModelCalls models;
    private final JsonMapper json;

    AssistantTurns(Sessions sessions, ModelCalls models, JsonMapper json) {
        this.sessions = sessions;
        this.models = models;
        this.json = json;
    }

    /**
     * @param task the gateway task the turn is (its {@code x-aurelis-task}), which the caller's roles must allow; null
     *             lets the gateway classify the prompt as it does any request's
     */
    Turn ask(Caller caller, String apiKey, String workspace, String id, String prompt, String model, String task) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("'prompt' is missing: what to ask the assistant.");
        }
        if (prompt.length() > MAX_PROMPT) {
            throw new IllegalArgumentException("'prompt' is longer than " + MAX_PROMPT + " characters.");
        }
        if (apiKey == null) {
            throw new IllegalArgumentException("An assistant turn is a gateway call made with your own API key: send "
                    + "it as 'Authorization: Bearer <key>'.");
        }
        CollaborationSession session = sessions.writable(caller.tenantId(), workspace, id, caller.email());
        String chosen = model == null || model.isBlank() ? "auto" : model.strip();
        byte[] body = json.writeValueAsBytes(Map.of("model", chosen,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        Map<String, String> headers = task == null || task.isBlank() ? Map.of("x-aurelis-workspace", workspace)
                : Map.of("x-aurelis-workspace", workspace, "x-aurelis-task", task.strip());
        ModelAnswer answer = models.chat(apiKey, body, headers);
        if (!answer.ok()) {
            return new Turn(null, chosen, answer.requestId(), answer.status(), answer.body());
        }
        JsonNode reply = json.readTree(answer.body());
        String text = reply.path("choices").path(0).path("message").path("content").asString("");
        SessionEvent turn = sessions.recordAssistantTurn(caller.tenantId(), session.id(), caller.email(), prompt, text);
        return new Turn(turn, reply.path("model").asString(chosen), answer.requestId(), answer.status(),
                "".getBytes(StandardCharsets.UTF_8));
    }
}
