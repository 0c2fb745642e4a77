package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.barrierlab.launcher.verdict.BarrierInvariant;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --record FILE}: the run's events as TraceJson lines in zxid order, round-tripping exactly. */
class RecordFileTest {

    @Test
    @Timeout(120)
    void recordingHoldsTheWholeRunInZxidOrderAndRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jsonl");
        RunSpec spec = RunSpec.builder("double")
                .participants(2)
                .rounds(1)
                .speed(20)
                .recordFile(file)
                .build();
        List<TraceEvent> live;
        try (Run run = Run.start(spec)) {
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
            live = run.history();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<TraceEvent> recorded = new ArrayList<>();
        for (String line : lines) {
            TraceEvent e = TraceJson.decode(line);
            assertEquals(line, TraceJson.encode(e), "a line re-encodes to itself");
            recorded.add(e);
        }
        for (int i = 1; i < recorded.size(); i++) {
            assertTrue(recorded.get(i - 1).zxid() < recorded.get(i).zxid(), "strictly increasing zxids");
        }
        assertTrue(recorded.containsAll(live), "every event the launcher saw is in the recording");
        Set<String> types = recorded.stream().map(TraceEvent::type).collect(Collectors.toSet());
        assertTrue(
                types.containsAll(Set.of("run-start", "spawn", "enter", "entered", "leave", "left", "exit", "run-end")),
                types.toString());
        assertEquals("run-end", recorded.get(recorded.size() - 1).type());
        assertEquals(List.of(), BarrierInvariant.check(recorded));
    }
}
