package dev.aurelis.bench.jmh;

import dev.aurelis.bench.RequestBodies;
import dev.aurelis.privacy.detection.Detection;
import dev.aurelis.privacy.detection.Scanner;
import dev.aurelis.privacy.detection.ScannerSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * The privacy scan over a Claude-Code-like request (~80 KB: tools, system blocks, a long conversation), one core:
 * every built-in detector (secrets and personal data, phone numbers for US and DE) in one pass. {@code clean} has
 * nothing to find; {@code leaky} has a handful of secrets and personal data spread through it, so the bounded
 * checks behind the automaton run too. The gateway scans the request's strings one by one; scanning the whole
 * body at once is the same amount of text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PrivacyScanBenchmark {

    private Scanner scanner;
    private String clean;
    private String leaky;

    @Setup
    public void setUp() {
        scanner = Scanner.compile(new ScannerSettings(List.of("US", "DE"), null, null));
        clean = new String(RequestBodies.claudeCode("bench-claude", 80_000, true), StandardCharsets.UTF_8);
        String[] leaks = {" AWS_ACCESS_KEY_ID=AKIAGPRQSE4T5ZZHQOUW ", " token ghp_RHLfBERkIyDtFDBAM0gqEzpC3N8FeKjFTrKC ",
                " mail jane.doe@acme-corp.io ", " card 4539 0174 9410 9883 ", " DB_PASSWORD=AvBe8Pqd05ovm# ",
                " postgres://app:Zr8!qT4wLp@db:5432/app ", " call +44 20 7946 0958 "};
        StringBuilder text = new StringBuilder(clean);
        for (int i = 0; i < leaks.length; i++) {
            int at = text.indexOf(" ", (int) ((long) text.length() * (i + 1) / (leaks.length + 1)));
            text.insert(at, leaks[i]);
        }
        leaky = text.toString();
        if (!scanner.scan(clean).isEmpty() || scanner.scan(leaky).size() < leaks.length) {
            throw new IllegalStateException("the bench corpus is not what it claims: " + scanner.scan(clean) + " / "
                    + scanner.scan(leaky).size());
        }
    }

    @Benchmark
    public List<Detection> clean() {
        return scanner.scan(clean);
    }

    @Benchmark
    public List<Detection> leaky() {
        return scanner.scan(leaky);
    }
}
