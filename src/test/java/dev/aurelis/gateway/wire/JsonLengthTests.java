package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.WireFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The length of a node's JSON, counted, is the length of the JSON the mapper writes, byte for byte: the prompt's bound
 * adds it for the tool definitions, and a bound that counted less than the provider reads would let a hard budget be
 * overrun.
 */
class JsonLengthTests {

    @Test
    void countsWhatTheMapperWritesForToolDefinitions() {
        JsonNode tools = Json.readObject("""
                {"tools": [{"name": "Bash", "description": "Runs a command.\\n\\tQuote \\"paths\\" with spaces; C:\\\\tmp",
                  "input_schema": {"type": "object", "required": ["command"], "additionalProperties": false,
                    "properties": {"command": {"type": "string"}, "timeout": {"type": "number", "maximum": 600000,
                      "minimum": 0.5}, "lang": {"enum": ["é", "日本語", "😀", null, true]}}}},
                  {"name": "Empty", "input_schema": {}, "tags": []}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get("tools");
        assertThat(JsonLength.of(tools)).isEqualTo(Json.bytes(tools).length);
    }

    @Test
    void countsEscapesAndEveryKindOfCharacter() {
        Random random = new Random(20261206);
        // a surrogate alone (a client's broken text) as well as in pairs
        char[] kinds = {'a', ' ', '"', '\\', '/', '\n', '\t', '\r', '\b', '\f', '\u0000', '\u001f', '\u007f', 'é',
            '\u07ff', '\u0800', '語', '\u2028', '\uffff', '\ud83d', '\ude00'};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                if (random.nextInt(8) == 0) {
                    text.appendCodePoint(0x1F600 + random.nextInt(64)); // a surrogate pair
                } else {
                    text.append(kinds[random.nextInt(kinds.length)]);
                }
            }
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put(text.toString(), text.toString());
            ArrayNode array = node.putArray("n");
            array.add(round).add(-round * 1.25).add(text.length() % 2 == 0);
            assertThat(JsonLength.of(node)).as("%s", text).isEqualTo(Json.bytes(node).length);
        }
    }

    @Test
    void theBoundAddsTheToolDefinitionsJsonAndTheEstimateReadsIt() {
        ObjectNode body = Json.readObject("""
                {"model": "claude", "system": "You are a coding agent.", "messages": [{"role": "user", "content": "hi"}],
                 "tools": [{"name": "Read", "description": "Reads a file from the local filesystem at an absolute path.",
                   "input_schema": {"type": "object", "properties": {"file_path": {"type": "string"}}}}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode withoutTools = body.deepCopy();
        withoutTools.remove("tools");
        String toolsJson = Json.string(body.get("tools"));

        assertThat(PromptTokens.upperBound(WireFormat.ANTHROPIC_MESSAGES, body)
                - PromptTokens.upperBound(WireFormat.ANTHROPIC_MESSAGES, withoutTools))
                .isEqualTo(Json.bytes(body.get("tools")).length + PromptTokens.BOUND_TOOLS);
        long estimate = PromptTokens.estimate(WireFormat.ANTHROPIC_MESSAGES, body);
        assertThat(estimate - PromptTokens.estimate(WireFormat.ANTHROPIC_MESSAGES, withoutTools))
                .isEqualTo(TokenEstimate.of(toolsJson));
        // remembered: the same definitions, parsed again, get the same estimate
        assertThat(PromptTokens.estimate(WireFormat.ANTHROPIC_MESSAGES, body.deepCopy())).isEqualTo(estimate);
    }
}
