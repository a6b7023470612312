package dev.aurelis;

import java.util.ArrayList;
import java.util.List;

/** Maps the launcher's friendly options ({@code --config}, {@code --port}) onto Spring properties. */
final class ServeArguments {

    private ServeArguments() {
    }

    static String[] toSpringArguments(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--config") || arg.equals("-c")) && i + 1 < args.length) {
                out.add("--aurelis.config=" + args[++i]);
            } else if (arg.startsWith("--config=")) {
                out.add("--aurelis.config=" + arg.substring("--config=".length()));
            } else if (arg.equals("--port") && i + 1 < args.length) {
                out.add("--server.port=" + args[++i]);
            } else if (arg.startsWith("--port=")) {
                out.add("--server.port=" + arg.substring("--port=".length()));
            } else {
                out.add(arg);
            }
        }
        return out.toArray(String[]::new);
    }
}
