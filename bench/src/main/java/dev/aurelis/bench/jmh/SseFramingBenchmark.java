package dev.aurelis.bench.jmh;

import dev.aurelis.bench.BenchData;
import dev.aurelis.bench.SseFramer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SSE line framing: cutting a provider's stream into events as network reads deliver it (reads of a few bytes to
 * 16 KB, cut anywhere), and writing one event back out. Figures are per whole stream (40 deltas) or per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SseFramingBenchmark {

    /** Bytes per network read: a tiny read, one Ethernet segment, a large socket read. */
    @State(Scope.Benchmark)
    public static class Reads {
        @Param({"64", "1460", "16384"})
        public int readSize;
    }

    private byte[] openAi;
    private byte[] anthropic;
    private String deltaData;

    @Setup
    public void setUp() {
        openAi = BenchData.openAiStream(40);
        anthropic = BenchData.anthropicStream(40);
        deltaData = BenchData.anthropicDeltaData();
    }

    @Benchmark
    public void frameOpenAiStream(Reads reads, Blackhole bh) {
        frame(openAi, reads.readSize, bh);
    }

    @Benchmark
    public void frameAnthropicStream(Reads reads, Blackhole bh) {
        frame(anthropic, reads.readSize, bh);
    }

    @Benchmark
    public byte[] encodeAnthropicDelta() {
        return SseFramer.encode("content_block_delta", deltaData);
    }

    private static void frame(byte[] stream, int readSize, Blackhole bh) {
        SseFramer framer = new SseFramer((event, data) -> bh.consume(data));
        for (int off = 0; off < stream.length; off += readSize) {
            framer.feed(stream, off, Math.min(readSize, stream.length - off));
        }
    }
}
