package dev.aurelis.bench;

import java.util.Arrays;

/**
 * Entry point of {@code aurelis-bench.jar}: {@code mock}, {@code load}, {@code plan}, {@code report}, {@code body},
 * {@code jmh}. See BENCHMARKS.md at the repository root.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "mock" -> MockProvider.main(rest);
            case "load" -> Plan.single(new Args(rest));
            case "plan" -> Plan.main(new Args(rest));
            case "report" -> Report.main(new Args(rest));
            case "jfr-summary" -> JfrSummary.main(new Args(rest));
            case "body" -> System.out.write(body(new Args(rest)));
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.out.flush();
    }

    private static byte[] body(Args a) {
        return switch (a.get("kind", "claude")) {
            case "openai" -> RequestBodies.openAiChat("bench-model", a.flag("stream"));
            default -> RequestBodies.claudeCode("bench-claude", a.integer("bytes", 80_000), true);
        };
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar aurelis-bench.jar COMMAND [--option value ...]
                  mock    the mock provider   --port --latency-ms --ttft-ms --chunks --chunk-interval-ms
                                              --input-tokens --output-tokens --threads
                  load    one run             --arm name=http://127.0.0.1:PORT[;key=K] --request openai|openai-stream|claude
                                              (--rate R | --concurrency C) --warmup S --measure S
                  plan    the whole comparison (see bench/run.sh)
                  report  Markdown tables from a results directory  --dir DIR
                  body    print a generated request body  --kind claude|openai [--bytes N]
                  jfr-summary  where the CPU time goes in a JFR recording  --jfr FILE [--top N]
                  jmh     JMH benchmarks (JMH's own options)""");
    }
}
