package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.WireFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The estimate reservations take instead of the tokenizer (ADR 0047) stays close to o200k's count on the kinds of
 * text coding assistants send, and errs upward rather than downward.
 */
class TokenEstimateTests {

    private static final String PROSE = """
            The gateway reserves what an exchange may cost before it starts, and settles to what the provider reports
            when it ends. A reservation that is far too small lets a team overspend its soft budget for a while; one
            that is far too large throttles requests that would have fitted. Either way the settlement corrects it,
            so an estimate within a few percent of the real count is all a reservation needs. """;

    private static final String CODE = """
            package dev.example.billing;

            import java.math.BigDecimal;
            import java.util.List;

            public final class InvoiceTotals {
                private static final BigDecimal VAT_RATE = new BigDecimal("0.19");

                public BigDecimal grossTotal(List<LineItem> items) {
                    BigDecimal net = items.stream().map(LineItem::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
                    return net.add(net.multiply(VAT_RATE)).setScale(2, java.math.RoundingMode.HALF_UP);
                }
            }
            """;

    private static final String JSON = """
            {"type":"object","properties":{"file_path":{"type":"string","description":"The absolute path to the file"},\
            "offset":{"type":"number","description":"The line number to start reading from"},"limit":{"type":"number"}},\
            "required":["file_path"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}""";

    @Test
    void staysCloseToTheTokenizerOnProseCodeAndJson() {
        for (String text : new String[] {PROSE, CODE, JSON, PROSE.repeat(20) + CODE.repeat(20)}) {
            assertThat(ratio(text)).as(text.substring(0, 40)).isBetween(0.95, 1.25);
        }
    }

    @Test
    void staysCloseOnNumbersHashesAndBase64() {
        Random random = new Random(7);
        StringBuilder numbers = new StringBuilder();
        StringBuilder hex = new StringBuilder();
        StringBuilder base64 = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 2000; i++) {
            numbers.append(random.nextInt(100_000)).append(i % 10 == 9 ? "\n" : ", ");
            hex.append(Character.forDigit(random.nextInt(16), 16));
            base64.append(alphabet.charAt(random.nextInt(64)));
        }
        for (String text : new String[] {numbers.toString(), hex.toString(), base64.toString()}) {
            assertThat(ratio(text)).as(text.substring(0, 40)).isBetween(0.9, 1.3);
        }
    }

    @Test
    void overestimatesRatherThanUnderestimatesOtherScripts() {
        for (String text : new String[] {
                "Größere Änderungen an der Konfiguration müssen vor dem Übernehmen geprüft werden.",
                "Крупные изменения конфигурации необходимо проверять перед применением в производственной среде.",
                "配置的重大更改必须在应用到生产环境之前进行检查。请确认所有测试都已通过。",
                "設定の大きな変更は、本番環境に適用する前に確認する必要があります。",
                "Great work 🎉🚀 let's ship it ✅ — thanks! 👍"}) {
            assertThat(ratio(text)).as(text).isBetween(1.0, 2.0);
        }
    }

    @Test
    void estimatesARequestOverTheSameTextsAsTheCount() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", "claude-sonnet-4-5");
        body.putArray("system").addObject().put("type", "text").put("text", PROSE.repeat(10));
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < 20; i++) {
            messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text")
                    .put("text", CODE);
            messages.addObject().put("role", "assistant").put("content", PROSE);
        }
        body.putArray("tools").addObject().put("name", "Read").set("input_schema", Json.MAPPER.readTree(JSON));

        long counted = PromptTokens.count(WireFormat.ANTHROPIC_MESSAGES, body);
        long estimated = PromptTokens.estimate(WireFormat.ANTHROPIC_MESSAGES, body);

        assertThat((double) estimated / counted).isBetween(0.95, 1.25);
        assertThat(estimated).isLessThan(PromptTokens.upperBound(WireFormat.ANTHROPIC_MESSAGES, body));
    }

    private static double ratio(String text) {
        return (double) TokenEstimate.of(text) / PromptTokens.countText(text);
    }
}
