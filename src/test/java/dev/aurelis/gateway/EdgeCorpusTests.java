package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import dev.aurelis.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A corpus of malformed requests sent to every kind of endpoint, byte by byte: bad escapes, bad characters, NULs,
 * overlong UTF-8, wrong methods and media types, over-long headers, numbers out of range. Every answer must be a
 * 4xx in the error shape of the endpoint (OpenAI's, Anthropic's or the admin API's), never a 5xx and never
 * Tomcat's or Spring's own error page.
 */
class EdgeCorpusTests extends GatewayTestBase {

    enum Shape { OPENAI, ANTHROPIC, ADMIN }

    record Endpoint(String method, String path, Shape shape, String body) {
    }

    record Probe(String name, String method, String target, List<String> headers, byte[] body) {
    }

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/v1/chat/completions", Shape.OPENAI, CHAT),
            new Endpoint("POST", "/v1/completions", Shape.OPENAI, "{\"model\":\"gpt-4o-mini\",\"prompt\":\"hi\"}"),
            new Endpoint("POST", "/v1/embeddings", Shape.OPENAI, "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}"),
            new Endpoint("POST", "/v1/responses", Shape.OPENAI, "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}"),
            new Endpoint("POST", "/v1/messages", Shape.ANTHROPIC, MESSAGE),
            new Endpoint("POST", "/v1/messages/count_tokens", Shape.ANTHROPIC, MESSAGE),
            new Endpoint("GET", "/v1/models", Shape.OPENAI, null),
            new Endpoint("GET", "/v1/nothing-here", Shape.OPENAI, null),
            new Endpoint("POST", "/api/v1/keys", Shape.ADMIN, "{\"user\":\"eve@example.com\",\"team\":\"engineering\"}"),
            new Endpoint("GET", "/api/v1/keys", Shape.ADMIN, null),
            new Endpoint("GET", "/api/v1/teams", Shape.ADMIN, null));

    @Test
    void everyMalformedRequestGetsA4xxInTheEndpointsShape() {
        String key = newKey("eve@example.com", "engineering");
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            String auth = endpoint.shape() == Shape.ADMIN ? "authorization: Bearer " + ADMIN_KEY
                    : endpoint.shape() == Shape.ANTHROPIC ? "x-api-key: " + key : "authorization: Bearer " + key;
            for (Probe probe : probes(endpoint)) {
                List<String> headers = new ArrayList<>(List.of("host: 127.0.0.1", auth, "anthropic-version: 2023-06-01"));
                headers.addAll(probe.headers());
                if (probe.body() != null) {
                    if (probe.headers().stream().noneMatch(h -> h.startsWith("content-type"))) {
                        headers.add("content-type: application/json");
                    }
                    headers.add("content-length: " + probe.body().length);
                }
                String head = probe.method() + " " + probe.target() + " HTTP/1.1\r\n" + String.join("\r\n", headers);
                RawHttp.Answer answer = RawHttp.send(port, head, probe.body());
                sent++;
                String problem = problem(endpoint.shape(), answer);
                if (problem != null) {
                    wrong.add(probe.name() + " " + probe.method() + " " + endpoint.path() + ": " + problem + " — "
                            + answer.status() + " " + answer.header("content-type") + " " + abbreviate(answer.body()));
                }
            }
        }
        assertThat(sent).isGreaterThan(100);
        assertThat(wrong).isEmpty();
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() {
        // 400 MB declared, 1 KiB sent: an answer can only come from a server that did not wait for the rest
        RawHttp.Answer signIn = RawHttp.sendPartial(port, "POST /auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/x-www-form-urlencoded", 400_000_000L, 1024);
        assertThat(signIn.status()).isEqualTo(413);
        assertThat(json(signIn.body()).path("error").path("message").asString()).contains("16384");

        RawHttp.Answer adminApi = RawHttp.sendPartial(port, "POST /api/v1/keys HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/json", 400_000_000L, 1024);
        assertThat(problem(Shape.ADMIN, adminApi)).isNull();
        assertThat(adminApi.status()).isEqualTo(413);

        RawHttp.Answer scim = RawHttp.sendPartial(port, "POST /scim/v2/Users HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/scim+json", 400_000_000L, 1024);
        assertThat(scim.status()).isEqualTo(413);
        assertThat(json(scim.body()).path("status").asString()).isEqualTo("413");

        RawHttp.Answer messages = RawHttp.sendPartial(port, "POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/json\r\nx-api-key: " + newKey("eve@example.com", "engineering"), 400_000_000L, 1024);
        assertThat(problem(Shape.ANTHROPIC, messages)).isNull();
        assertThat(messages.status()).isEqualTo(413);
    }

    @Test
    void aBodyWithoutALengthIsCutAtTheLimit() {
        byte[] chunk = ("{\"user\":\"eve@example.com\",\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.writeBytes(chunk);
        chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/keys HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "authorization: Bearer " + ADMIN_KEY + "\r\ncontent-type: application/json\r\n"
                + "transfer-encoding: chunked", chunked.toByteArray());
        assertThat(answer.status()).isEqualTo(413);
        assertThat(problem(Shape.ADMIN, answer)).isNull();
    }

    private static List<Probe> probes(Endpoint e) {
        String path = e.path();
        List<Probe> probes = new ArrayList<>();
        byte[] body = e.body() == null ? null : e.body().getBytes(StandardCharsets.UTF_8);
        String otherMethod = e.method().equals("GET") ? "DELETE" : "PATCH";
        probes.add(new Probe("wrong method", otherMethod, path, List.of(), body));
        probes.add(new Probe("TRACE", "TRACE", path, List.of(), null));
        probes.add(new Probe("bad % in query", e.method(), path + "?after=%zz", List.of(), body));
        probes.add(new Probe("truncated % in query", e.method(), path + "?after=%4", List.of(), body));
        probes.add(new Probe("bad % in path", e.method(), path + "%zz", List.of(), body));
        probes.add(new Probe("bad query characters", e.method(), path + "?q=a|b{c}^\"", List.of(), body));
        probes.add(new Probe("NUL in query", e.method(), path + "?q=a%00b", List.of(), body));
        probes.add(new Probe("NUL in path", e.method(), path + "%00", List.of(), body));
        probes.add(new Probe("overlong UTF-8 in query", e.method(), path + "?q=%C0%AF", List.of(), body));
        probes.add(new Probe("overlong UTF-8 in path", e.method(), path + "%C0%AE", List.of(), body));
        probes.add(new Probe("encoded slash dot", e.method(), path + "/..%2F..%2Fetc", List.of(), body));
        probes.add(new Probe("over-long header", e.method(), path, List.of("x-filler: " + "a".repeat(10_000)), body));
        probes.add(new Probe("many headers", e.method(), path, manyHeaders(), body));
        probes.add(new Probe("control character in header", e.method(), path, List.of("x-bad: a\u0001b"), body));
        if (body != null) {
            probes.add(new Probe("unsupported media type", e.method(), path, List.of("content-type: text/plain"), body));
            probes.add(new Probe("form instead of JSON", e.method(), path,
                    List.of("content-type: application/x-www-form-urlencoded"), "a=b".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe("malformed JSON", e.method(), path, List.of(), "{\"model\": ".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe("JSON array", e.method(), path, List.of(), "[1,2]".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe("empty body", e.method(), path, List.of(), new byte[0]));
            probes.add(new Probe("overlong UTF-8 in body", e.method(), path, List.of(), overlong(e.body(), 0xC0, 0x80)));
            probes.add(new Probe("overlong slash in body", e.method(), path, List.of(), overlong(e.body(), 0xE0, 0x80, 0xAF)));
            probes.add(new Probe("invalid UTF-8 in body", e.method(), path, List.of(), overlong(e.body(), 0xFF)));
            probes.add(new Probe("lone surrogate in body", e.method(), path, List.of(), overlong(e.body(), 0xED, 0xA0, 0x80)));
            probes.add(new Probe("deep nesting", e.method(), path, List.of(),
                    ("{\"model\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8)));
            if (e.shape() != Shape.ADMIN && !path.endsWith("count_tokens")) {
                probes.add(new Probe("NUL in model", e.method(), path, List.of(),
                        e.body().replaceFirst("\"model\":\"([^\"]*)\"", "\"model\":\"$1\\\\u0000\"").getBytes(StandardCharsets.UTF_8)));
                probes.add(new Probe("huge max_tokens", e.method(), path, List.of(),
                        withField(e.body(), "\"max_tokens\":99999999999999999999999")));
                probes.add(new Probe("negative max_tokens", e.method(), path, List.of(), withField(e.body(), "\"max_tokens\":-5")));
                probes.add(new Probe("fractional max_tokens", e.method(), path, List.of(), withField(e.body(), "\"max_tokens\":1e400")));
                probes.add(new Probe("huge max_output_tokens", e.method(), path, List.of(),
                        withField(e.body(), "\"max_output_tokens\":18446744073709551616")));
                probes.add(new Probe("huge temperature", e.method(), path, List.of(), withField(e.body(), "\"temperature\":1e99999")));
            } else if (e.shape() == Shape.ADMIN) {
                probes.add(new Probe("NUL in a name", e.method(), path, List.of(),
                        e.body().replace("eve@", "eve\\u0000@").getBytes(StandardCharsets.UTF_8)));
                probes.add(new Probe("huge expires_in", e.method(), path, List.of(), withField(e.body(), "\"expires_in\":\"999999999999d\"")));
                probes.add(new Probe("huge expires_in days", e.method(), path, List.of(), withField(e.body(), "\"expires_in\":\"9999999d\"")));
                probes.add(new Probe("far expires_at", e.method(), path, List.of(),
                        withField(e.body(), "\"expires_at\":\"+999999999-12-31T00:00:00Z\"")));
                probes.add(new Probe("numeric expires_at", e.method(), path, List.of(), withField(e.body(), "\"expires_at\":1e308")));
            }
        }
        return probes;
    }

    private static List<String> manyHeaders() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            headers.add("x-many-" + i + ": " + "b".repeat(100));
        }
        return headers;
    }

    /** The body with a field added, or in place of the field of that name it has. */
    private static byte[] withField(String body, String field) {
        String name = field.substring(0, field.indexOf(':') + 1);
        String replaced = body.replaceFirst(java.util.regex.Pattern.quote(name) + "[^,}]*", java.util.regex.Matcher.quoteReplacement(field));
        return (replaced.equals(body) ? "{" + field + "," + body.substring(1) : replaced).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with bytes that are not valid UTF-8 (an overlong NUL, say) at the start of its first string value. */
    private static byte[] overlong(String body, int... bytes) {
        int quote = body.indexOf("\":\"") + 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body.substring(0, quote).getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes(body.substring(quote).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** What is wrong with an answer, or null when it is a 4xx in the endpoint's shape. */
    private static String problem(Shape shape, RawHttp.Answer answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return "not a 4xx";
        }
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "not JSON";
        }
        JsonNode body;
        try {
            body = json(answer.body());
        } catch (RuntimeException e) {
            return "unparseable";
        }
        JsonNode error = body.path("error");
        boolean fits = switch (shape) {
            case ANTHROPIC -> body.path("type").asString("").equals("error") && error.path("type").isString()
                    && !error.path("message").asString("").isBlank();
            case OPENAI -> error.path("type").isString() && !error.path("message").asString("").isBlank()
                    && error.has("param") && error.has("code");
            case ADMIN -> error.path("type").isString() && !error.path("message").asString("").isBlank();
        };
        return fits ? null : "not the " + shape + " error shape";
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
