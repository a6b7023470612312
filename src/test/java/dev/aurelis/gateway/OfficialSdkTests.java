package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aurelis.testing.GatewayTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The server driven end to end by the vendors' official Java SDKs, then checked in the ledger. */
class OfficialSdkTests extends GatewayTestBase {

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @Test
    void openAiSdkChatsStreamsEmbedsAndUsesTheResponsesApi() {
        Instant start = Instant.now().minusSeconds(1);
        FAKE.reply("Hello from upstream").usage(20, 5);
        String key = newKey("sdk@example.com", "engineering");
        OpenAIClient client = openAi(key);

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Say hello").build());
        assertThat(completion.choices().getFirst().message().content()).contains("Hello from upstream");

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice ->
                    choice.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo("Hello from upstream");

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("hello world").build());
        assertThat(embeddings.data()).hasSize(1);
        assertThat(embeddings.data().getFirst().embedding()).isNotEmpty();

        Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("Fix it").build());
        assertThat(response.output()).isNotEmpty();

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("gpt-4o").input("Fix it").build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getLast().isCompleted()).isTrue();

        JsonNode usage = json(admin("GET", "/api/v1/usage?user=sdk@example.com&from=" + start + "&group_by=endpoint", null).body());
        assertThat(usage.path("totals").path("requests").asLong()).isEqualTo(5);
        assertThat(usage.path("totals").path("input_tokens").asLong()).isEqualTo(5 * 20);
        assertThat(usage.path("records").valueStream().map(r -> r.path("client_tool").asString()))
                .allMatch(tool -> tool.equals("openai-sdk-java"));
        assertThat(usage.path("groups").valueStream().map(g -> g.path("key").path("endpoint").asString()))
                .containsExactlyInAnyOrder("/v1/chat/completions", "/v1/embeddings", "/v1/responses");
    }

    @Test
    void openAiSdkUsesTheResponsesApiAgainstAChatOnlyProvider() {
        FAKE.reply("Translated reply").usage(50, 7);
        OpenAIClient client = openAi(newKey("codex@example.com", "engineering"));

        Response response = client.responses().create(ResponseCreateParams.builder()
                .model("codestral-2501").input("Write a test").instructions("You are a coding agent").build());

        String text = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(outputText -> outputText.text()).reduce("", String::concat);
        assertThat(text).isEqualTo("Translated reply");
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(FAKE.lastRequest().model()).isEqualTo("mistral-ai/Codestral-2501");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(50);

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("codestral-2501").input("Write a test").build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getLast().isCompleted()).isTrue();
        assertThat(events.getLast().asCompleted().response().usage().orElseThrow().outputTokens()).isEqualTo(7);
    }

    @Test
    void openAiSdkSeesGatewayErrorsAsItsOwnExceptions() {
        assertThatThrownBy(() -> openAi("aur-unknown").chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("x").build())).isInstanceOf(UnauthorizedException.class);
        OpenAIClient client = openAi(newKey("sdk@example.com", "engineering"));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("x").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-model");
    }

    @Test
    void anthropicSdkTalksToAnOpenAiModelThroughTranslation() {
        FAKE.reply("Bonjour").usage(30, 4);
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(baseUrl())
                .apiKey(newKey("claude@example.com", "engineering")).maxRetries(0).build();

        Message message = client.messages().create(MessageCreateParams.builder()
                .model("gpt-4o-mini").maxTokens(100).system("Answer in French").addUserMessage("Hello").build());
        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Bonjour");
        assertThat(message.usage().inputTokens()).isEqualTo(30);
        assertThat(FAKE.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(FAKE.lastRequest().body().path("messages").get(0).path("role").asString()).isEqualTo("system");

        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (var stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("gpt-4o-mini").maxTokens(100).addUserMessage("Hello").build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isMessageStart()).isTrue();
        assertThat(events.getLast().isMessageStop()).isTrue();
    }
}
