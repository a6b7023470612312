package dev.aurelis.storage.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL from outliving its server. A small shell process reads a pipe from this JVM;
 * when the JVM dies, by {@code kill -9} or the out-of-memory killer as much as by an orderly exit, the operating
 * system closes the pipe, the read ends, and the shell asks the postmaster for a fast shutdown (committed data
 * kept). An orderly close ends the watchdog first and stops PostgreSQL itself.
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);
    static final Path SHELL = Path.of("/bin/sh");
    /** Shell built-ins only (the container image has a shell and nothing else): wait for EOF, then SIGINT. */
    private static final String SCRIPT = "while read -r _; do :; done; "
            + "read -r pid < \"$1/" + Postmaster.PID_FILE + "\" && [ \"$pid\" = \"$2\" ] && kill -INT \"$2\"";

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /** Watches the postmaster now running on {@code directory}; none when there is no POSIX shell (Windows). */
    static PostmasterWatchdog watch(Path directory) {
        if (!Files.isExecutable(SHELL)) {
            return new PostmasterWatchdog(null);
        }
        long pid = Postmaster.of(directory).map(ProcessHandle::pid).orElse(-1L);
        if (pid < 0) {
            return new PostmasterWatchdog(null);
        }
        try {
            Process process = new ProcessBuilder(SHELL.toString(), "-c", SCRIPT, "aurelis-postgres-watchdog",
                    directory.toString(), Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PostmasterWatchdog(process);
        } catch (IOException e) {
            log.warn("Could not start the watchdog of the embedded PostgreSQL ({}); if this server is killed, the next "
                    + "start stops the PostgreSQL it leaves running", e.getMessage());
            return new PostmasterWatchdog(null);
        }
    }

    boolean watching() {
        return process != null && process.isAlive();
    }

    /** The watchdog process, for tests that simulate a crash of the whole process group. */
    ProcessHandle handle() {
        return process == null ? null : process.toHandle();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
