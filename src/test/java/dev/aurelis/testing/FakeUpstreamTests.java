package dev.aurelis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

class FakeUpstreamTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static FakeUpstream fake;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    // ------------------------------------------------------------------ chat completions

    @Test
    void chatCompletionHasTheVendorShapeAndTheConfiguredUsage() throws Exception {
        fake.reply("Hi there, friend.").usage(42, 7).cachedTokens(30).reasoningTokens(3);

        JsonNode body = postJson("/v1/chat/completions", """
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hi there, friend.");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(42);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(7);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(49);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(30);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void chatStreamWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        fake.reply("one two three");

        List<Sse> events = postStream("/v1/chat/completions", """
                {"model": "m", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = jsonFrames(events);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices").size()).isEqualTo(1);
        });
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asString())
                .isEqualTo("assistant");
        List<String> contents = chunks.subList(1, chunks.size() - 1).stream()
                .map(c -> c.path("choices").get(0).path("delta").path("content").asString()).toList();
        assertThat(contents).hasSizeGreaterThan(1);
        assertThat(String.join("", contents)).isEqualTo("one two three");
        assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks).extracting(c -> c.path("id").asString()).containsOnly(chunks.getFirst().path("id")
                .asString());
    }

    @Test
    void chatStreamWithIncludeUsageEndsWithAUsageChunkBeforeDone() throws Exception {
        fake.usage(11, 4).cachedTokens(5);

        List<Sse> events = postStream("/v1/chat/completions", """
                {"model": "m", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = jsonFrames(events);
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(11);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
                .isEqualTo(5);
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.get("usage").isNull()).isTrue());
    }

    @Test
    void chatToolCallIsReturnedOnlyWhenTheRequestOffersTools() throws Exception {
        fake.toolCall("get_weather", "{\"city\": \"Paris\", \"unit\": \"celsius\"}");
        String tools = """
                "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]""";

        JsonNode plain = postJson("/v1/chat/completions", """
                {"model": "m", "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(plain.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo(FakeUpstream.DEFAULT_REPLY);

        JsonNode called = postJson("/v1/chat/completions", """
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], %s}""".formatted(tools));
        JsonNode choice = called.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode toolCall = choice.path("message").path("tool_calls").get(0);
        assertThat(toolCall.path("id").asString()).startsWith("call_");
        assertThat(toolCall.path("type").asString()).isEqualTo("function");
        assertThat(toolCall.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(FakeUpstream.JSON.readTree(toolCall.path("function").path("arguments").asString()))
                .isEqualTo(FakeUpstream.JSON.readTree("{\"city\": \"Paris\", \"unit\": \"celsius\"}"));

        List<JsonNode> chunks = jsonFrames(postStream("/v1/chat/completions", """
                {"model": "m", "stream": true, "messages": [{"role": "user", "content": "hi"}], %s}"""
                .formatted(tools)));
        JsonNode first = chunks.getFirst().path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(first.path("index").asInt()).isZero();
        assertThat(first.path("id").asString()).startsWith("call_");
        assertThat(first.path("type").asString()).isEqualTo("function");
        assertThat(first.path("function").path("name").asString()).isEqualTo("get_weather");
        List<JsonNode> argumentChunks = chunks.subList(1, chunks.size() - 1);
        assertThat(argumentChunks).hasSizeGreaterThan(1);
        String arguments = argumentChunks.stream()
                .map(c -> c.path("choices").get(0).path("delta").path("tool_calls").get(0))
                .peek(d -> assertThat(d.path("index").asInt()).isZero())
                .map(d -> d.path("function").path("arguments").asString())
                .collect(Collectors.joining());
        assertThat(FakeUpstream.JSON.readTree(arguments).path("city").asString()).isEqualTo("Paris");
        assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("tool_calls");
    }

    // ------------------------------------------------------------------ legacy completions

    @Test
    void legacyCompletionEchoesPromptAndSuffix() throws Exception {
        fake.reply("x = 1").usage(8, 2);

        JsonNode body = postJson("/v1/completions", """
                {"model": "gpt-3.5-turbo-instruct", "prompt": "def f():", "suffix": "return x"}""");

        assertThat(body.path("object").asString()).isEqualTo("text_completion");
        assertThat(body.path("id").asString()).startsWith("cmpl-");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("text").asString()).isEqualTo("x = 1 [prompt: def f():] [suffix: return x]");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(2);

        List<Sse> events = postStream("/v1/completions", """
                {"model": "m", "prompt": "def f():", "suffix": "return x", "stream": true,
                 "stream_options": {"include_usage": true}}""");
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = jsonFrames(events);
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asString()).isEqualTo("text_completion"));
        String text = chunks.stream().filter(c -> !c.path("choices").isEmpty())
                .map(c -> c.path("choices").get(0).path("text").asString()).collect(Collectors.joining());
        assertThat(text).isEqualTo("x = 1 [prompt: def f():] [suffix: return x]");
        assertThat(chunks.getLast().path("choices").isEmpty()).isTrue();
        assertThat(chunks.getLast().path("usage").path("total_tokens").asInt()).isEqualTo(10);
    }

    // ------------------------------------------------------------------ embeddings

    @Test
    void embeddingsComeOnePerInputAsFloatsOrLittleEndianBase64() throws Exception {
        fake.usage(6, 0);

        JsonNode floats = postJson("/v1/embeddings", """
                {"model": "text-embedding-3-small", "input": ["alpha", "beta"]}""");
        assertThat(floats.path("object").asString()).isEqualTo("list");
        assertThat(floats.path("model").asString()).isEqualTo("text-embedding-3-small");
        assertThat(floats.path("data").size()).isEqualTo(2);
        assertThat(floats.path("data").get(1).path("object").asString()).isEqualTo("embedding");
        assertThat(floats.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(floats.path("data").get(0).path("embedding").size())
                .isEqualTo(FakeUpstream.DEFAULT_EMBEDDING_DIMENSIONS);
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
        assertThat(floats.path("usage").path("total_tokens").asInt()).isEqualTo(6);

        JsonNode encoded = postJson("/v1/embeddings", """
                {"model": "e", "input": ["alpha", "beta"], "encoding_format": "base64"}""");
        for (int i = 0; i < 2; i++) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(
                    encoded.path("data").get(i).path("embedding").asString())).order(ByteOrder.LITTLE_ENDIAN);
            JsonNode expected = floats.path("data").get(i).path("embedding");
            assertThat(bytes.remaining()).isEqualTo(4 * expected.size());
            for (JsonNode value : expected) {
                assertThat(bytes.getFloat()).isCloseTo((float) value.asDouble(), within(1e-7f));
            }
        }

        JsonNode single = postJson("/v1/embeddings", """
                {"model": "e", "input": "alpha", "dimensions": 3}""");
        assertThat(single.path("data").size()).isEqualTo(1);
        assertThat(single.path("data").get(0).path("embedding").size()).isEqualTo(3);
        JsonNode tokens = postJson("/v1/embeddings", """
                {"model": "e", "input": [1, 2, 3]}""");
        assertThat(tokens.path("data").size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ Responses

    @Test
    void responseHasAnOutputMessageAndDetailedUsage() throws Exception {
        fake.reply("Done.").usage(20, 9).cachedTokens(12).reasoningTokens(4);

        JsonNode body = postJson("/v1/responses", """
                {"model": "gpt-5", "input": "hi"}""");

        assertThat(body.path("object").asString()).isEqualTo("response");
        assertThat(body.path("id").asString()).startsWith("resp_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("model").asString()).isEqualTo("gpt-5");
        JsonNode item = body.path("output").get(0);
        assertThat(item.path("type").asString()).isEqualTo("message");
        assertThat(item.path("role").asString()).isEqualTo("assistant");
        assertThat(item.path("content").get(0).path("type").asString()).isEqualTo("output_text");
        assertThat(item.path("content").get(0).path("text").asString()).isEqualTo("Done.");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(20);
        assertThat(usage.path("input_tokens_details").path("cached_tokens").asInt()).isEqualTo(12);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(9);
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(4);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(29);
    }

    @Test
    void responseStreamIsTheNamedEventSequence() throws Exception {
        fake.reply("alpha beta gamma").usage(3, 5);

        List<Sse> events = postStream("/v1/responses", """
                {"model": "gpt-5", "input": "hi", "stream": true}""");

        List<String> names = events.stream().map(Sse::event).toList();
        assertThat(names.getFirst()).isEqualTo("response.created");
        assertThat(names.getLast()).isEqualTo("response.completed");
        assertThat(names).containsSubsequence("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed");
        assertThat(names).filteredOn("response.output_text.delta"::equals).hasSizeGreaterThan(1);
        List<JsonNode> data = jsonFrames(events);
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.get(i).path("sequence_number").asInt()).isEqualTo(i);
            assertThat(data.get(i).path("type").asString()).isEqualTo(names.get(i));
        }
        String text = data.stream().filter(d -> d.path("type").asString().equals("response.output_text.delta"))
                .map(d -> d.path("delta").asString()).collect(Collectors.joining());
        assertThat(text).isEqualTo("alpha beta gamma");
        JsonNode completed = data.getLast().path("response");
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("usage").path("output_tokens").asInt()).isEqualTo(5);
        assertThat(completed.path("output").get(0).path("content").get(0).path("text").asString())
                .isEqualTo("alpha beta gamma");
        assertThat(events).noneMatch(e -> "[DONE]".equals(e.data()));
    }

    @Test
    void responseToolCallIsAFunctionCallItemStreamedAsArgumentDeltas() throws Exception {
        fake.toolCall("search", "{\"q\": \"fake upstream\"}");
        String request = """
                {"model": "gpt-5", "input": "hi", "stream": %s,
                 "tools": [{"type": "function", "name": "search", "parameters": {"type": "object"}}]}""";

        JsonNode item = postJson("/v1/responses", request.formatted("false")).path("output").get(0);
        assertThat(item.path("type").asString()).isEqualTo("function_call");
        assertThat(item.path("name").asString()).isEqualTo("search");
        assertThat(item.path("call_id").asString()).startsWith("call_");
        assertThat(FakeUpstream.JSON.readTree(item.path("arguments").asString()).path("q").asString())
                .isEqualTo("fake upstream");

        List<JsonNode> data = jsonFrames(postStream("/v1/responses", request.formatted("true")));
        assertThat(data).extracting(d -> d.path("type").asString()).containsSubsequence("response.created",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        String arguments = data.stream()
                .filter(d -> d.path("type").asString().equals("response.function_call_arguments.delta"))
                .map(d -> d.path("delta").asString()).collect(Collectors.joining());
        assertThat(FakeUpstream.JSON.readTree(arguments).path("q").asString()).isEqualTo("fake upstream");
    }

    // ------------------------------------------------------------------ Anthropic

    @Test
    void anthropicMessageHasContentBlocksAndCacheUsage() throws Exception {
        fake.reply("Bonjour.").usage(15, 4).cachedTokens(100).cacheCreationTokens(50);

        JsonNode body = postJson("/v1/messages", """
                {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.path("id").asString()).startsWith("msg_");
        assertThat(body.path("role").asString()).isEqualTo("assistant");
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("content").get(0).path("type").asString()).isEqualTo("text");
        assertThat(body.path("content").get(0).path("text").asString()).isEqualTo("Bonjour.");
        assertThat(body.path("stop_reason").asString()).isEqualTo("end_turn");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(15);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(4);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(100);
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void anthropicStreamIsTheNamedEventSequence() throws Exception {
        fake.reply("un deux trois").usage(15, 9);

        List<Sse> events = postStream("/v1/messages", """
                {"model": "claude", "max_tokens": 64, "stream": true,
                 "messages": [{"role": "user", "content": "hi"}]}""");

        List<String> names = events.stream().map(Sse::event).toList();
        assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(names.subList(names.size() - 3, names.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(names.subList(3, names.size() - 3)).hasSizeGreaterThan(1).containsOnly("content_block_delta");
        List<JsonNode> data = jsonFrames(events);
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.get(i).path("type").asString()).isEqualTo(names.get(i));
        }
        assertThat(data.getFirst().path("message").path("usage").path("input_tokens").asInt()).isEqualTo(15);
        String text = data.stream().filter(d -> d.path("type").asString().equals("content_block_delta"))
                .peek(d -> assertThat(d.path("delta").path("type").asString()).isEqualTo("text_delta"))
                .map(d -> d.path("delta").path("text").asString()).collect(Collectors.joining());
        assertThat(text).isEqualTo("un deux trois");
        JsonNode delta = data.get(data.size() - 2);
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void anthropicToolUseStreamsInputJsonDeltas() throws Exception {
        fake.toolCall("lookup", "{\"query\": \"aurelis gateway\"}");
        String request = """
                {"model": "claude", "max_tokens": 64, "stream": %s,
                 "tools": [{"name": "lookup", "input_schema": {"type": "object"}}],
                 "messages": [{"role": "user", "content": "hi"}]}""";

        JsonNode message = postJson("/v1/messages", request.formatted("false"));
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        JsonNode block = message.path("content").get(0);
        assertThat(block.path("type").asString()).isEqualTo("tool_use");
        assertThat(block.path("id").asString()).startsWith("toolu_");
        assertThat(block.path("name").asString()).isEqualTo("lookup");
        assertThat(block.path("input").path("query").asString()).isEqualTo("aurelis gateway");

        List<JsonNode> data = jsonFrames(postStream("/v1/messages", request.formatted("true")));
        JsonNode start = data.get(1);
        assertThat(start.path("content_block").path("type").asString()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("input").isEmpty()).isTrue();
        String json = data.stream().filter(d -> d.path("type").asString().equals("content_block_delta"))
                .peek(d -> assertThat(d.path("delta").path("type").asString()).isEqualTo("input_json_delta"))
                .map(d -> d.path("delta").path("partial_json").asString()).collect(Collectors.joining());
        assertThat(FakeUpstream.JSON.readTree(json).path("query").asString()).isEqualTo("aurelis gateway");
        assertThat(data.get(data.size() - 2).path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
    }

    @Test
    void countTokensReportsTheConfiguredInput() throws Exception {
        fake.inputTokens(321);

        JsonNode body = postJson("/v1/messages/count_tokens", """
                {"model": "claude", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(body.size()).isEqualTo(1);
        assertThat(body.path("input_tokens").asInt()).isEqualTo(321);
    }

    // ------------------------------------------------------------------ models

    @Test
    void modelsListsTheConfiguredModelsAndServedModelIsEchoed() throws Exception {
        fake.models("gpt-4o", "gpt-4o-mini");

        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(fake.uri("/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode list = FakeUpstream.JSON.readTree(models.body());
        assertThat(list.path("object").asString()).isEqualTo("list");
        assertThat(list.path("data")).extracting(m -> m.path("id").asString())
                .containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(list.path("data").get(0).path("object").asString()).isEqualTo("model");

        fake.servedModel("gpt-4o-2024-08-06");
        JsonNode body = postJson("/v1/chat/completions", """
                {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(body.path("model").asString()).isEqualTo("gpt-4o-2024-08-06");
    }

    // ------------------------------------------------------------------ faults

    @Test
    void statusFaultAnswersTheVendorErrorWithRetryAfterForTheNextRequestsOnly() throws Exception {
        fake.failNext(2, Fault.status(429).withRetryAfter(Duration.ofMillis(1500)));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> limited = post("/v1/chat/completions", "{\"model\": \"m\", \"messages\": []}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
            JsonNode error = FakeUpstream.JSON.readTree(limited.body()).path("error");
            assertThat(error.path("type").asString()).isEqualTo("requests");
            assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asString()).isNotBlank();
            assertThat(error.has("param")).isTrue();
        }
        assertThat(post("/v1/chat/completions", "{\"model\": \"m\", \"messages\": []}").statusCode())
                .isEqualTo(200);
        assertThat(fake.requestCount("/v1/chat/completions")).isEqualTo(3);
    }

    @Test
    void anthropicErrorsHaveTheAnthropicShape() throws Exception {
        fake.failAlways(Fault.status(529).onlyFor("/v1/messages"));

        HttpResponse<String> overloaded = post("/v1/messages", "{\"model\": \"c\", \"messages\": []}");
        assertThat(overloaded.statusCode()).isEqualTo(529);
        JsonNode body = FakeUpstream.JSON.readTree(overloaded.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(body.path("error").path("message").asString()).isEqualTo("Overloaded");
        assertThat(body.path("request_id").asString()).startsWith("req_")
                .isEqualTo(overloaded.headers().firstValue("request-id").orElseThrow());
        assertThat(post("/v1/messages", "{\"model\": \"c\", \"messages\": []}").statusCode()).isEqualTo(529);
        assertThat(post("/v1/messages/count_tokens", "{\"model\": \"c\", \"messages\": []}").statusCode())
                .isEqualTo(200);

        fake.clearFaults().failNext(Fault.status(400).withError("invalid_request_error", "max_tokens: required"));
        JsonNode custom = FakeUpstream.JSON.readTree(post("/v1/messages", "{}").body());
        assertThat(custom.path("error").path("message").asString()).isEqualTo("max_tokens: required");
    }

    @Test
    void headerDelayHoldsTheResponse() throws Exception {
        fake.failNext(Fault.delayHeaders(Duration.ofMillis(400)));

        long start = System.nanoTime();
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\": \"m\", \"messages\": []}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void droppedConnectionSendsNoByte() throws Exception {
        fake.failNext(Fault.dropConnection());

        assertThat(rawExchange("/v1/chat/completions", "{\"model\": \"m\", \"messages\": []}")).isEmpty();
        assertThatThrownBy(() -> {
            fake.failNext(Fault.dropConnection());
            post("/v1/chat/completions", "{\"model\": \"m\", \"messages\": []}");
        }).isInstanceOf(IOException.class);
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void midStreamDropDeliversSomeEventsThenBreaksTheConnection() throws Exception {
        fake.failNext(Fault.dropMidStream(2));

        String wire = rawExchange("/v1/chat/completions", "{\"model\": \"m\", \"stream\": true}");

        assertThat(wire).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(wire.split("data: ", -1)).hasSize(3); // two events
        assertThat(wire).doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");

        // a client sees the events, then an error
        fake.failNext(Fault.dropMidStream(2)).streamEventDelay(Duration.ofMillis(200));
        HttpResponse<InputStream> response = HTTP.send(postRequest("/v1/chat/completions",
                "{\"model\": \"m\", \"stream\": true}"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> dataLines = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data: ")) {
                        dataLines.add(line);
                    }
                }
            }
        }).isInstanceOf(IOException.class);
        assertThat(dataLines).hasSize(2);
    }

    @Test
    void firstEventDelayComesAfterTheHeaders() throws Exception {
        fake.failNext(Fault.delayFirstEvent(Duration.ofMillis(600)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(postRequest("/v1/messages",
                "{\"model\": \"c\", \"stream\": true, \"messages\": []}"),
                HttpResponse.BodyHandlers.ofInputStream());
        Duration headers = Duration.ofNanos(System.nanoTime() - start);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");
        }
        Duration firstEvent = Duration.ofNanos(System.nanoTime() - start);

        assertThat(firstEvent).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(firstEvent.minus(headers)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anthropicErrorEventEndsTheStream() throws Exception {
        fake.failNext(Fault.errorEventMidStream(3));

        List<Sse> events = postStream("/v1/messages", """
                {"model": "c", "max_tokens": 10, "stream": true, "messages": []}""");

        assertThat(events).extracting(Sse::event)
                .containsExactly("message_start", "content_block_start", "ping", "error");
        JsonNode error = FakeUpstream.JSON.readTree(events.getLast().data());
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(error.path("error").path("message").asString()).isEqualTo("Overloaded");
    }

    @Test
    void openAiErrorFrameEndsTheStream() throws Exception {
        fake.failNext(Fault.errorEventMidStream(1).withError("server_error", "boom"));

        List<Sse> events = postStream("/v1/chat/completions", "{\"model\": \"m\", \"stream\": true}");

        assertThat(events).hasSize(2);
        assertThat(FakeUpstream.JSON.readTree(events.getLast().data()).path("error").path("message").asString())
                .isEqualTo("boom");
    }

    @Test
    void streamsAreFlushedEventByEvent() throws Exception {
        fake.reply("a b c d e f").streamEventDelay(Duration.ofMillis(150));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(postRequest("/v1/chat/completions",
                "{\"model\": \"m\", \"stream\": true}"), HttpResponse.BodyHandlers.ofInputStream());
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    arrivals.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                }
            }
        }

        // 9 events, 150 ms apart: the first arrives long before the last
        assertThat(arrivals).hasSize(9);
        assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThanOrEqualTo(1000);
    }

    // ------------------------------------------------------------------ auth

    @Test
    void wrongOrMissingCredentialsGetTheVendor401() throws Exception {
        fake.requireBearer("sk-right");

        HttpResponse<String> missing = post("/v1/chat/completions", "{\"model\": \"m\"}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(FakeUpstream.JSON.readTree(missing.body()).path("error").path("code").asString())
                .isEqualTo("invalid_api_key");
        HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(fake.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer sk-right")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"m\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(right.statusCode()).isEqualTo(200);

        fake.requireApiKey("ak-right");
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(fake.uri("/v1/messages"))
                .header("x-api-key", "ak-wrong")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"c\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode body = FakeUpstream.JSON.readTree(wrong.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("authentication_error");

        fake.requireHeader("api-key", "azure-key");
        HttpResponse<String> azure = HTTP.send(HttpRequest.newBuilder(fake.uri("/v1/chat/completions"))
                .header("Api-Key", "azure-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"m\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(azure.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ recording

    @Test
    void everyRequestIsRecordedWithHeadersQueryAndParsedBody() throws Exception {
        HTTP.send(HttpRequest.newBuilder(fake.uri("/v1/chat/completions?api-version=2024-10-21"))
                .header("X-Custom-Trace", "abc").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "rewritten", "messages": [], "unknown_field": {"kept": true},
                         "stream": true, "stream_options": {"include_usage": true}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        post("/v1/nowhere", "not json");

        assertThat(fake.requestCount()).isEqualTo(2);
        RecordedRequest first = fake.requests().getFirst();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/v1/chat/completions");
        assertThat(first.query()).isEqualTo("api-version=2024-10-21");
        assertThat(first.header("x-custom-trace")).isEqualTo("abc");
        assertThat(first.header("X-CUSTOM-TRACE")).isEqualTo("abc");
        assertThat(first.model()).isEqualTo("rewritten");
        assertThat(first.streaming()).isTrue();
        assertThat(first.body().path("unknown_field").path("kept").asBoolean()).isTrue();
        assertThat(first.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        RecordedRequest last = fake.lastRequest();
        assertThat(last.path()).isEqualTo("/v1/nowhere");
        assertThat(last.bodyText()).isEqualTo("not json");
        assertThat(last.body().isMissingNode()).isTrue();
        assertThat(fake.requests("/v1/chat/completions")).containsExactly(first);

        assertThat(fake.awaitRequests(2, Duration.ofSeconds(1))).hasSize(2);
        assertThatThrownBy(() -> fake.awaitRequests(3, Duration.ofMillis(50))).isInstanceOf(AssertionError.class);

        fake.reset();
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void unknownPathsGetAVendor404() throws Exception {
        HttpResponse<String> response = post("/v1/nowhere", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(FakeUpstream.JSON.readTree(response.body()).path("error").path("type").asString())
                .isEqualTo("invalid_request_error");
    }

    // ------------------------------------------------------------------ official SDKs

    @Test
    void theOfficialOpenAiSdkParsesChatCompletionsAndStreams() {
        fake.reply("Parsed by the SDK.").usage(13, 5).cachedTokens(2);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl() + "/v1").apiKey("x")
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                    .addUserMessage("hi").build();

            ChatCompletion completion = client.chat().completions().create(params).validate();
            assertThat(completion.choices().getFirst().message().content()).hasValue("Parsed by the SDK.");
            assertThat(completion.model()).isEqualTo("gpt-4o-mini");
            assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(13);
            assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
                    .hasValue(2L);

            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            ChatCompletionCreateParams streamed = params.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            try (var stream = client.chat().completions().createStreaming(streamed)) {
                stream.stream().forEach(chunk -> chunks.add(accumulator.accumulate(chunk.validate())));
            }
            assertThat(chunks).hasSizeGreaterThan(3);
            ChatCompletion assembled = accumulator.chatCompletion();
            assertThat(assembled.choices().getFirst().message().content()).hasValue("Parsed by the SDK.");
            assertThat(assembled.usage().orElseThrow().completionTokens()).isEqualTo(5);

            fake.toolCall("get_weather", "{\"city\":\"Oslo\"}");
            ChatCompletionAccumulator tools = ChatCompletionAccumulator.create();
            try (var stream = client.chat().completions().createStreaming(params.toBuilder()
                    .addTool(ChatCompletionFunctionTool.builder()
                            .function(FunctionDefinition.builder().name("get_weather").build()).build())
                    .build())) {
                stream.stream().forEach(tools::accumulate);
            }
            var call = tools.chatCompletion().choices().getFirst().message().toolCalls().orElseThrow()
                    .getFirst().asFunction();
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");

            fake.noToolCall().reply("Responses too.");
            Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-5")
                    .input("hi").build()).validate();
            assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(13);
            ResponseAccumulator responses = ResponseAccumulator.create();
            try (var stream = client.responses().createStreaming(ResponseCreateParams.builder().model("gpt-5")
                    .input("hi").build())) {
                stream.stream().map(ResponseStreamEvent::validate).forEach(responses::accumulate);
            }
            assertThat(responses.response().output().getFirst().asMessage().content().getFirst()
                    .asOutputText().text()).isEqualTo("Responses too.");

            CreateEmbeddingResponse floats = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("alpha")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
            CreateEmbeddingResponse base64 = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("alpha")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
            assertThat(base64.data().getFirst().embedding()).isEqualTo(floats.data().getFirst().embedding())
                    .hasSize(FakeUpstream.DEFAULT_EMBEDDING_DIMENSIONS);
        } finally {
            client.close();
        }
    }

    @Test
    void theOfficialAnthropicSdkParsesMessagesAndStreams() {
        fake.reply("Parsed by Claude's SDK.").usage(21, 8).cachedTokens(5).cacheCreationTokens(3);
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("x")
                .maxRetries(0).build();
        try {
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100)
                    .addUserMessage("hi").build();

            Message message = client.messages().create(params).validate();
            assertThat(message.content().getFirst().text().orElseThrow().text())
                    .isEqualTo("Parsed by Claude's SDK.");
            assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
            assertThat(message.usage().inputTokens()).isEqualTo(21);
            assertThat(message.usage().cacheReadInputTokens()).hasValue(5L);
            assertThat(message.usage().cacheCreationInputTokens()).hasValue(3L);

            MessageAccumulator accumulator = MessageAccumulator.create();
            List<RawMessageStreamEvent> events = new ArrayList<>();
            try (var stream = client.messages().createStreaming(params)) {
                stream.stream().forEach(event -> events.add(accumulator.accumulate(event.validate())));
            }
            assertThat(events).hasSizeGreaterThan(6);
            Message assembled = accumulator.message();
            assertThat(assembled.content().getFirst().text().orElseThrow().text())
                    .isEqualTo("Parsed by Claude's SDK.");
            assertThat(assembled.usage().outputTokens()).isEqualTo(8);

            fake.toolCall("lookup", "{\"query\":\"fake\"}");
            MessageAccumulator tools = MessageAccumulator.create();
            Tool lookup = Tool.builder().name("lookup").inputSchema(Tool.InputSchema.builder().build()).build();
            try (var stream = client.messages().createStreaming(params.toBuilder().addTool(lookup).build())) {
                stream.stream().forEach(tools::accumulate);
            }
            var toolUse = tools.message().content().getFirst().toolUse().orElseThrow();
            assertThat(toolUse.name()).isEqualTo("lookup");
            assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("query", "fake"));
            assertThat(tools.message().stopReason()).hasValue(StopReason.TOOL_USE);

            long counted = client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("claude-sonnet-4-5").addUserMessage("hi").build()).inputTokens();
            assertThat(counted).isEqualTo(21);
        } finally {
            client.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    record Sse(String event, String data) {
    }

    private static HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(fake.uri(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return FakeUpstream.JSON.readTree(response.body());
    }

    /** Posts and parses the whole server-sent-event stream. */
    private static List<Sse> postStream(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        List<Sse> events = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : response.body().split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Sse(event, data.toString()));
                }
                event = null;
                data = null;
            } else if (line.startsWith("event: ")) {
                event = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder() : data.append('\n');
                data.append(line.substring("data: ".length()));
            }
        }
        return events;
    }

    /** Sends one HTTP/1.1 request over a plain socket and returns every byte received until the server closed. */
    private static String rawExchange(String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + content.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(received);
            } catch (SocketException reset) {
                // a reset also ends the exchange
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<JsonNode> jsonFrames(List<Sse> events) {
        return events.stream().filter(e -> !"[DONE]".equals(e.data()))
                .map(e -> FakeUpstream.JSON.readTree(e.data())).toList();
    }
}
