package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.spi.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grades real implementations with real participant JVMs on a real (embedded) ZooKeeper: the
 * tutorial barrier must fail the ZOOKEEPER-1011 reuse race with a replayable recording, ours must
 * pass it with its costs counted. Each check is bounded by the grader's own deadline.
 */
class GraderTest {

    @TempDir
    Path out;

    private GradeOptions only(String impl, Check check) {
        return new GradeOptions(List.of(impl), Set.of(1, 2, 3, 4, 5), check, 3, 11, Set.of(), out, List.of());
    }

    @Test
    @Timeout(120)
    void tutorialFailsTheReuseRaceWithAReplayableCounterexample() throws Exception {
        Grade g = Grader.run(only("tutorial", Check.REUSE_RACE), line -> {}).get(0);
        CheckResult r = g.results().get(0);
        assertTrue(r.outcome().failed(), "the tutorial barrier survived the reuse race: " + r);
        assertTrue(!g.passed(), "a failed claim must fail the grade");
        Path recording = r.recordingFile().orElseThrow();
        List<TraceEvent> events = Files.readAllLines(recording).stream()
                .filter(l -> !l.isBlank())
                .map(TraceJson::decode)
                .toList();
        assertTrue(events.get(0).is(EventType.RUN_START), "a replayable recording starts with run-start");
        assertTrue(events.stream().anyMatch(e -> e.is(EventType.ARRIVE)), "the recording holds the arrivals");
        assertTrue(events.stream().anyMatch(e -> e.is(EventType.RUN_END)), "the recording holds the verdict");
        assertTrue(r.excerpt().contains("p3"), "the excerpt shows the participants: " + r.excerpt());
    }

    @Test
    @Timeout(120)
    void libPassesTheReuseRaceAndIsCounted() throws Exception {
        Grade g = Grader.run(only("lib", Check.REUSE_RACE), line -> {}).get(0);
        CheckResult r = g.results().get(0);
        assertEquals(Outcome.PASS, r.outcome(), r.toString());
        assertEquals(9, r.costs().crossings(), "3 participants x 3 rounds crossed");
        assertTrue(r.costs().requestsPerCrossing() > 0, "requests counted in the observed session");
        assertTrue(g.passed());
    }

    @Test
    void anUnclaimedCapabilityIsUnsupportedWithoutARun() throws Exception {
        Grade g = Grader.run(
                        new GradeOptions(List.of("tutorial"), Set.of(4), null, 3, 1, Set.of(), out, List.of()),
                        line -> {})
                .get(0);
        assertEquals(Outcome.UNSUPPORTED, g.results().get(0).outcome());
        assertEquals(EnumSet.of(Capability.REUSABLE), g.claimed());
        assertTrue(g.passed(), "not claiming is not failing");
    }
}
