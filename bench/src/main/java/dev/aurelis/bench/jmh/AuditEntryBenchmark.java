package dev.aurelis.bench.jmh;

import dev.aurelis.audit.chain.Canonical;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

/**
 * What the audit trail computes for each gateway exchange it records, one core: the details as canonical JSON (the
 * 25 fields the recorder takes from a usage record), the personal digest over them (HMAC-SHA-256 under the entry's
 * salt) and the chain link (SHA-256 of the version 2 form). The database's insert is not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AuditEntryBenchmark {

    private Map<String, Object> details;
    private byte[] previous;
    private byte[] salt;
    private long seq;

    @Setup
    public void setUp() {
        details = new LinkedHashMap<>();
        details.put("request_id", "req_0f8b2c1d9e7a4b6c8d0e2f4a6b8c0d2e");
        details.put("ledger_record_id", "2b7e1516-28ae-4d2a-a6f7-15881d09cf4f");
        details.put("user_id", "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
        details.put("key_id", "k_7f3a9c");
        details.put("team", "platform");
        details.put("project", "checkout");
        details.put("model_requested", "gpt-4o");
        details.put("model_served", "gpt-4o");
        details.put("provider", "openai");
        details.put("endpoint", "/v1/chat/completions");
        details.put("client_tool", "codex");
        details.put("task", "code_generation");
        details.put("streamed", true);
        details.put("status", 200);
        details.put("error_type", null);
        details.put("attempt", 1);
        details.put("retried", false);
        details.put("input_tokens", 1_843L);
        details.put("output_tokens", 412L);
        details.put("cached_tokens", 1_024L);
        details.put("cost", new BigDecimal("0.008727500"));
        details.put("currency", "USD");
        details.put("priced", true);
        details.put("latency_ms", 1_204L);
        details.put("route", "strategy=requested; model=gpt-4o; deployment=openai/gpt-4o; attempt=1");
        previous = new byte[32];
        salt = new byte[32];
        salt[0] = 7;
    }

    @Benchmark
    public byte[] entry() {
        String text = Canonical.details(details);
        Instant at = Instant.ofEpochSecond(1_796_000_000L, 123_456_000);
        Canonical.Fields fields = new Canonical.Fields("acme", ++seq, "6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b", at, at,
                "exchange", "exchange.completed", "ana@example.com", "model:gpt-4o", "success", null, null, text);
        byte[] personal = Canonical.personalDigest(salt, fields);
        previous = Canonical.link(previous, fields, personal);
        return previous;
    }
}
