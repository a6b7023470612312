package dev.aurelis.spend.ledger;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's spill file (ADR 0003, 0043): one JSON record a line, appended with fsync while the database is away,
 * replayed line by line later. The byte offset of the next line to replay is kept beside it ({@code .offset}), so a
 * replay interrupted by an outage or a restart resumes where it stopped and replays nothing twice. A line no handler
 * can take is moved to the quarantine file with the reason; it never holds back the lines after it.
 */
public final class SpillFile {

    /** What became of one line. */
    public enum Outcome {
        /** Stored, or handled for good (dead-lettered, quarantined): the replay moves past it. */
        DONE,
        /** The database is not reachable: the replay stops here and resumes from this line later. */
        UNAVAILABLE
    }

    /** How a replay went. */
    public record Replay(int done, boolean finished) {
    }

    private final Path file;
    private final Path offsetFile;
    private final Path quarantine;
    private final JsonMapper json = JsonMapper.builder().build();
    /**
     * Whether the file exists, as this process left it: asked after every commit, so it must neither touch the disk
     * nor wait for a replay in progress, which holds this object's lock for as long as it runs.
     */
    private volatile boolean exists;

    public SpillFile(Path file) {
        this.file = file;
        this.exists = Files.exists(file);
        this.offsetFile = file.resolveSibling(file.getFileName() + ".offset");
        this.quarantine = file.resolveSibling(file.getFileName().toString().replace(".jsonl", "") + ".quarantine.jsonl");
    }

    public Path path() {
        return file;
    }

    public Path quarantinePath() {
        return quarantine;
    }

    /** Whether lines this process spilled wait for a replay; never waits itself, nor touches the disk. */
    public boolean pending() {
        return exists;
    }

    /** Whether a spill file is on disk, wherever it came from (an earlier run, an operator); never waits. */
    public boolean pendingOnDisk() {
        boolean found = Files.exists(file);
        if (found) {
            exists = true;
        }
        return found;
    }

    /** Appends the lines durably (fsync) before returning. */
    public synchronized void append(List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                // an offset left by a replay that removed its file just before a crash belongs to no file now
                Files.deleteIfExists(offsetFile);
            }
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line).append('\n'));
            if (!endsWithNewline()) {
                // a write torn by a crash: its fragment stays a line of its own, so the next record stays readable
                text.insert(0, '\n');
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            exists = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not spill usage records to " + file, e);
        }
    }

    /**
     * Hands every line not yet replayed to {@code handler}, in order, remembering after each one how far it got; stops
     * at the first {@link Outcome#UNAVAILABLE}. Removes the file once every line is done.
     */
    public synchronized Replay replay(Function<String, Outcome> handler) throws IOException {
        if (!Files.exists(file)) {
            exists = false;
            return new Replay(0, true);
        }
        long offset = readOffset();
        int done = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(Math.min(offset, channel.size()));
            // positions are counted here, so the stream may read ahead
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long position = channel.position();
            int b;
            while (true) {
                b = in.read();
                if (b != '\n' && b != -1) {
                    line.write(b);
                    continue;
                }
                long next = position + line.size() + (b == -1 ? 0 : 1);
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (!text.isBlank()) {
                    if (handler.apply(text) == Outcome.UNAVAILABLE) {
                        return new Replay(done, false);
                    }
                    done++;
                }
                position = next;
                writeOffset(position);
                if (b == -1) {
                    break;
                }
            }
        }
        // offset first: a crash between the two deletions replays the file again (idempotently), never a stale offset
        Files.deleteIfExists(offsetFile);
        Files.delete(file);
        exists = false;
        return new Replay(done, true);
    }

    /** Keeps a line that cannot be replayed, with why, for an operator to look at. */
    public synchronized void quarantine(String line, String reason) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("quarantined_at", Instant.now().toString());
        entry.put("reason", reason);
        entry.put("line", line);
        try {
            Files.writeString(quarantine, json.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not quarantine a spilled usage record in " + quarantine, e);
        }
    }

    /** Whether the file ends with a complete line (an empty or missing file does). */
    private boolean endsWithNewline() throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) == '\n';
        }
    }

    private long readOffset() throws IOException {
        if (!Files.exists(offsetFile)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(offsetFile).strip());
        } catch (NumberFormatException e) {
            // an unreadable offset replays from the start: inserts are idempotent, losing a record is not an option
            return 0;
        }
    }

    private void writeOffset(long offset) throws IOException {
        Path temporary = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        Files.writeString(temporary, Long.toString(offset), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(temporary, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
