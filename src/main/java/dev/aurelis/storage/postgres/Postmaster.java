package dev.aurelis.storage.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process of a data directory, as its {@code postmaster.pid} names it. Used before the
 * embedded server starts, to stop one left running by a server that was killed (its data is intact: a fast
 * shutdown ends with a checkpoint), and to tell a stale pid file from a live server.
 */
final class Postmaster {

    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);
    static final String PID_FILE = "postmaster.pid";
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private Postmaster() {
    }

    /** The live process the pid file of {@code directory} names, if it is still running. */
    static Optional<ProcessHandle> of(Path directory) {
        Path pidFile = directory.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + pidFile, e);
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // the second line is the data directory; a live process of another name is a reused pid
        if (!Path.of(lines.get(1).strip()).toAbsolutePath().normalize().equals(directory.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString())
                .map(name -> name.equals("postgres") || name.equals("postmaster") || name.equals("postgres.exe"))
                .orElse(true);
    }

    /**
     * Stops the postmaster a killed server left running on {@code directory} (the caller holds the directory's
     * {@link DataDirectoryLock}, so no live server uses it) and waits for it to exit.
     */
    static void stopOrphan(Path directory) {
        Optional<ProcessHandle> orphan = of(directory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        if (!isPostgres(postmaster)) {
            // after a reboot the pid may belong to another program; PostgreSQL would refuse to start over it
            log.warn("Removing the stale {} of {}: its pid {} is now another program", PID_FILE, directory, postmaster.pid());
            try {
                Files.deleteIfExists(directory.resolve(PID_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        log.warn("The embedded PostgreSQL of {} (pid {}) was left running by an Aurelis server that did not shut down; "
                + "stopping it (fast shutdown, which keeps every committed transaction) before starting again",
                directory, postmaster.pid());
        fastShutdown(postmaster);
        try {
            postmaster.onExit().get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded PostgreSQL left running in " + directory + " (pid "
                    + postmaster.pid() + ") did not stop within " + SHUTDOWN.toSeconds() + " s; stop it and start again");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the embedded PostgreSQL of " + directory, e);
        }
    }

    /** SIGINT: PostgreSQL's fast shutdown (SIGTERM, Java's own signal, would wait for every session to end). */
    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            // the shell's built-in kill: the container image has a shell but no kill program
            Process kill = new ProcessBuilder(PostmasterWatchdog.SHELL.toString(), "-c", "kill -INT \"$1\"", "aurelis",
                    Long.toString(postmaster.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.debug("No shell to send SIGINT with ({}); asking the postmaster to stop with SIGTERM", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster.destroy();
    }
}
