package org.barrierlab.visualizer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay player's reading of recordings: whole, cut off, empty, not a recording. */
class RecordingTest {

    @TempDir
    Path dir;

    private static List<String> lines(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(TraceJson.encode(
                    TraceEvent.of("p" + i, EventType.ARRIVE, "/barriers/all", 0).withZxid(i)));
        }
        return out;
    }

    @Test
    void aWholeRecordingIsReadWithoutWarning() throws Exception {
        Path f = Files.write(dir.resolve("run.jsonl"), lines(5));
        Recording r = Recording.read(f);
        assertEquals(5, r.events().size());
        assertEquals(Optional.empty(), r.warning());
        assertEquals("run.jsonl", r.name());
    }

    @Test
    void aCutOffRecordingKeepsItsValidPrefixAndSaysWhere() throws Exception {
        List<String> l = lines(5);
        l.set(4, l.get(4).substring(0, l.get(4).length() / 2));
        Path f = Files.write(dir.resolve("cut.jsonl"), l);
        Recording r = Recording.read(f);
        assertEquals(4, r.events().size());
        assertTrue(
                r.warning().orElseThrow().startsWith("cut.jsonl is cut off at line 5"),
                r.warning().get());
        assertTrue(
                r.warning().get().endsWith("replaying the first 4 events"),
                r.warning().get());
    }

    @Test
    void anEmptyFileOrANonRecordingIsRefusedWithOneLine() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recording.read(empty));
        assertTrue(e.getMessage().contains("is empty: not a recording"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        e = assertThrows(IllegalArgumentException.class, () -> Recording.read(text));
        assertTrue(e.getMessage().contains("is not a Barrier Lab recording (line 1"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void everyShippedRecordingIsWholeAndEndsInItsVerdict() throws Exception {
        Path dir = Path.of("..", "docs", "recordings");
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "one recording per scenario and the kill story: " + files);
        for (Path f : files) {
            Recording r = Recording.read(f);
            assertEquals(Optional.empty(), r.warning(), f.toString());
            assertTrue(r.events().get(0).is(EventType.RUN_START), f + " starts with run-start");
            assertTrue(r.events().get(r.events().size() - 1).is(EventType.RUN_END), f + " ends with the verdict");
        }
    }
}
