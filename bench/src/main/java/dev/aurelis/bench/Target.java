package dev.aurelis.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One arm of the comparison: where to send ({@code http://127.0.0.1:port}), the key to send, and the processes
 * whose resident memory the arm is charged with.
 *
 * <p>Written on the command line as {@code name=url[;key=K][;pids=1,2][;openai-header=N:V][;anthropic-header=N:V]}
 * or {@code name=skip;reason}. The headers are sent with every OpenAI-shaped, respectively Anthropic-shaped,
 * request (a peer gateway is told its provider that way).
 */
record Target(String name, String host, int port, String key, List<Long> pids, String skipReason,
        List<String[]> openAiHeaders, List<String[]> anthropicHeaders) {

    Target(String name, String host, int port, String key, List<Long> pids, String skipReason) {
        this(name, host, port, key, pids, skipReason, List.of(), List.of());
    }

    static Target parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("arm must be name=url[;key=K][;pids=1,2]: " + spec);
        }
        String name = spec.substring(0, eq);
        String[] parts = spec.substring(eq + 1).split(";", -1);
        if (parts[0].equals("skip")) {
            return new Target(name, null, 0, null, List.of(), parts.length > 1 ? parts[1] : "skipped");
        }
        URI uri = URI.create(parts[0]);
        String key = "bench";
        List<Long> pids = new ArrayList<>();
        List<String[]> openAiHeaders = new ArrayList<>();
        List<String[]> anthropicHeaders = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("openai-header=") || p.startsWith("anthropic-header=")) {
                String header = p.substring(p.indexOf('=') + 1);
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("a header is name:value: " + p);
                }
                (p.startsWith("openai") ? openAiHeaders : anthropicHeaders)
                        .add(new String[] {header.substring(0, colon), header.substring(colon + 1)});
            } else if (p.startsWith("key=")) {
                key = p.substring(4);
            } else if (p.startsWith("pids=")) {
                for (String pid : p.substring(5).split(",")) {
                    if (!pid.isBlank()) {
                        pids.add(Long.parseLong(pid.trim()));
                    }
                }
            } else if (!p.isBlank()) {
                throw new IllegalArgumentException("unknown arm option " + p);
            }
        }
        if (!isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark only sends to loopback addresses: " + uri);
        }
        return new Target(name, uri.getHost(), uri.getPort(), key, List.copyOf(pids), null, List.copyOf(openAiHeaders),
                List.copyOf(anthropicHeaders));
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }

    boolean skipped() {
        return skipReason != null;
    }
}
