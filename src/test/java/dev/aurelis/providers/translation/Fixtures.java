package dev.aurelis.providers.translation;

import java.util.ArrayList;
import java.util.List;

import dev.aurelis.providers.SseEvent;
import dev.aurelis.providers.StreamTranslator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading test fixtures and driving stream translators. */
final class Fixtures {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private Fixtures() {
    }

    static ObjectNode json(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }

    /** {@code node} as it reads back from its JSON text, so numbers compare by value, not by Java type. */
    static JsonNode reread(JsonNode node) {
        return MAPPER.readTree(node.toString());
    }

    static JsonNode data(SseEvent event) {
        return MAPPER.readTree(event.data());
    }

    /** Anthropic events, each named by the {@code type} inside its data, as Anthropic sends them. */
    static List<SseEvent> anthropicEvents(String... data) {
        List<SseEvent> events = new ArrayList<>();
        for (String each : data) {
            events.add(SseEvent.named(json(each).get("type").stringValue(), each));
        }
        return events;
    }

    /** OpenAI chat chunks (unnamed events) followed by {@code [DONE]}. */
    static List<SseEvent> chatChunks(String... data) {
        List<SseEvent> events = new ArrayList<>();
        for (String each : data) {
            events.add(SseEvent.data(each));
        }
        events.add(SseEvent.data("[DONE]"));
        return events;
    }

    /** Everything the translator sends for {@code upstream}, including what {@code finish()} adds. */
    static List<SseEvent> translate(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> out = new ArrayList<>();
        upstream.forEach(event -> out.addAll(translator.onEvent(event)));
        out.addAll(translator.finish());
        return out;
    }

    static List<String> names(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }
}
