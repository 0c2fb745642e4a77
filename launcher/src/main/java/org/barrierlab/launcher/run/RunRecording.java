package org.barrierlab.launcher.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;

/**
 * A run's recording: its whole trace as JSON lines ({@link TraceJson}, one event per line, zxid
 * order, each with its zxid), the format the visualizer replays. The target is checked before
 * the run starts ({@link #checkTarget}): a recording that cannot be written is bad input, not a
 * surprise after the run. Directories are never created.
 */
final class RunRecording {

    private RunRecording() {}

    /**
     * Checks that {@code file} can be written: not a directory, in an existing directory, and
     * writable (tried by opening it for appending; a file that did not exist is removed again).
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static void checkTarget(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--record " + file + " is a directory; give a file name");
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(
                    "--record " + file + ": directory " + parent + " does not exist (it is not created)");
        }
        boolean existed = Files.exists(abs);
        try (OutputStream probe = Files.newOutputStream(abs, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            // opened for appending: nothing written, nothing lost
        } catch (IOException e) {
            throw new IllegalArgumentException("--record " + file + ": cannot write there (" + reason(e) + ")");
        }
        if (!existed) {
            try {
                Files.deleteIfExists(abs);
            } catch (IOException e) {
                // an empty file stays; the run overwrites it
            }
        }
    }

    /** Writes {@code events} to {@code file}, replacing it. */
    static void write(Path file, List<TraceEvent> events) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TraceEvent e : events) {
                w.write(TraceJson.encode(e));
                w.write('\n');
            }
        }
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
