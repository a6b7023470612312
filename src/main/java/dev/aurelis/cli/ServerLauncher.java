package dev.aurelis.cli;

import java.util.List;

/**
 * Starts the Aurelis server. The command line knows nothing of the server itself: the application's entry
 * point hands it a launcher, which {@code aurelis serve} calls with the options it was given (such as
 * {@code --config=FILE}, {@code --port=N} and any further arguments, left as they were).
 */
@FunctionalInterface
public interface ServerLauncher {

    void start(List<String> arguments);
}
