package dev.aurelis.bench.jmh;

import dev.aurelis.bench.RequestBodies;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing a Claude-Code-like request (~80 KB: 24 tools, system blocks, a long conversation) with Jackson 3: the
 * cost a gateway pays on every request before it can route it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JsonParseBenchmark {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private byte[] body;

    @Setup
    public void setUp() {
        body = RequestBodies.claudeCode("bench-claude", 80_000, true);
    }

    /** The whole body into a tree: what reading it into {@code JsonNode} costs. */
    @Benchmark
    public JsonNode readTree() {
        return mapper.readTree(body);
    }

    /** Tree, then the fields a router looks at. */
    @Benchmark
    public boolean readTreeModelAndStream() {
        JsonNode n = mapper.readTree(body);
        return n.path("model").asString().length() > 0 && n.path("stream").asBoolean();
    }

    /** Tree, change the model (an alias resolved), back to bytes: a gateway that rewrites the body. */
    @Benchmark
    public byte[] readTreeRewriteModelAndWrite() {
        ObjectNode n = (ObjectNode) mapper.readTree(body);
        n.put("model", "claude-sonnet-4-5");
        return mapper.writeValueAsBytes(n);
    }

    /** Streaming tokens, top-level fields only, children skipped: the least a router must read. */
    @Benchmark
    public String streamTopLevelFields() {
        String model = null;
        try (JsonParser p = mapper.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("model")) {
                    model = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        }
        return model;
    }
}
