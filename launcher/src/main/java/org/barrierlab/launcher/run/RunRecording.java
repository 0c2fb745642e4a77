package org.barrierlab.launcher.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;

/**
 * A run's recording: its whole trace as JSON lines ({@link TraceJson}, one event per line, zxid
 * order, each with its zxid), the format the visualizer replays.
 */
final class RunRecording {

    private RunRecording() {}

    /** Writes {@code events} to {@code file}. */
    static void write(Path file, List<TraceEvent> events) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TraceEvent e : events) {
                w.write(TraceJson.encode(e));
                w.write('\n');
            }
        }
    }
}
