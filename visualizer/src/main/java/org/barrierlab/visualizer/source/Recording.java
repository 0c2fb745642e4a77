package org.barrierlab.visualizer.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;

/**
 * A recording as the replay player opens it: the events of a JSON-lines file ({@code demo
 * --record}, "Save run"), in zxid order. A recording cut off part-way (the launcher killed
 * while writing, a partial copy) keeps its valid prefix and says so in {@link #warning()}; a
 * file that is empty or does not start with a trace event is refused with one line.
 *
 * <pre>{@code
 * Recording r = Recording.read(Path.of("docs/recordings/nested.jsonl"));
 * r.warning().ifPresent(System.err::println);
 * ReplaySource replay = ReplaySource.paced(r.events(), r.name());
 * }</pre>
 *
 * @param name the file's name, for the window's title
 * @param events the valid events, in zxid order (never empty)
 * @param warning why the replay stops early, if it does
 */
public record Recording(String name, List<TraceEvent> events, Optional<String> warning) {

    public Recording {
        Objects.requireNonNull(name, "name");
        events = List.copyOf(events);
        Objects.requireNonNull(warning, "warning");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a recording needs at least one event");
        }
    }

    /**
     * Reads a recording, keeping the valid prefix of a truncated one.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException (one line naming the file) if it is empty or its first
     *     line is not a trace event
     */
    public static Recording read(Path file) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        String warning = null;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(TraceJson.decode(line));
            } catch (IllegalArgumentException e) {
                if (out.isEmpty()) {
                    throw new IllegalArgumentException(
                            file + " is not a Barrier Lab recording (line " + lineNo + ": " + e.getMessage()
                                    + "); make one with 'barrierlab demo SCENARIO --record FILE'",
                            e);
                }
                warning = file.getFileName() + " is cut off at line " + lineNo + " (" + e.getMessage()
                        + "): replaying the first " + out.size() + " events";
                break;
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    file + " is empty: not a recording; make one with" + " 'barrierlab demo SCENARIO --record FILE'");
        }
        out.sort(Comparator.comparingLong(TraceEvent::zxid));
        return new Recording(file.getFileName().toString(), out, Optional.ofNullable(warning));
    }
}
