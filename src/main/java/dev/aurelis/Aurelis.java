package dev.aurelis;

import java.util.concurrent.atomic.AtomicBoolean;

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
        AtomicBoolean serving = new AtomicBoolean();
        int exitCode = AurelisCommand.run(args, serveArgs -> {
            serving.set(true);
            SpringApplication.run(AurelisApplication.class,
                    ServeArguments.toSpringArguments(serveArgs.toArray(String[]::new)));
        });
        // A started server keeps the JVM alive on its own threads; everything else ends here.
        if (!serving.get() || exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
