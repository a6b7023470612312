package dev.aurelis;

import dev.aurelis.cli.AurelisCommand;
import org.springframework.boot.SpringApplication;

/**
 * Entry point of the single Aurelis binary: {@code aurelis serve} starts the server, every other subcommand
 * is a client of a running server's admin API and starts no Spring context.
 */
public final class Aurelis {

    private Aurelis() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            SpringApplication.run(AurelisApplication.class, ServeArguments.toSpringArguments(rest));
            return;
        }
        System.exit(AurelisCommand.run(args));
    }
}
