package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGKILL of a participant: every survivor reports the broken barrier, verdict BROKEN, exit 3. */
class FaultInjectionTest {

    @Test
    @Timeout(120)
    void killInARoundBreaksThatRoundsGeneration() throws Exception {
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(4)
                .speed(20)
                .kill(KillSpec.parse("p2@3"))
                .build();
        try (Run run = Run.start(spec)) {
            Verdict v = RunTesting.await(run);
            assertEquals("verdict: BROKEN /barriers/stroke generation 2: p2 died", v.line());
            assertEquals(3, v.exitCode());
            long kills =
                    run.history().stream().filter(e -> e.is(EventType.KILL)).count();
            assertEquals(1, kills);
            for (String survivor : new String[] {"p1", "p3"}) {
                assertTrue(
                        run.history().stream()
                                .anyMatch(e -> e.is(EventType.BROKEN)
                                        && e.participant().equals(survivor)),
                        survivor + " reported the broken barrier");
            }
            TraceEvent exit = run.history().stream()
                    .filter(e -> e.is(EventType.EXIT) && e.participant().equals("p2"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("137", exit.attr("code"), "SIGKILL");
        }
    }

    @Test
    @Timeout(120)
    void killThroughTheApiAtAnyTime() throws Exception {
        RunSpec spec =
                RunSpec.builder("reusable").participants(3).rounds(200).speed(2).build();
        try (Run run = Run.start(spec)) {
            RunTesting.waitFor("p3 to pass a barrier", Duration.ofSeconds(60), () -> run.history().stream()
                    .anyMatch(e -> e.is(EventType.PASS) && e.participant().equals("p3")));
            run.kill("p3");
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.BROKEN, v.outcome(), v.line());
            assertTrue(v.detail().startsWith("/barriers/stroke generation "), v.line());
            assertTrue(v.detail().endsWith(": p3 died"), v.line());
        }
    }

    @Test
    @Timeout(120)
    void timedKillFiresThatLongAfterTheStart() throws Exception {
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(300)
                .speed(2)
                .kill(KillSpec.parse("p1@3s"))
                .build();
        try (Run run = Run.start(spec)) {
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.BROKEN, v.outcome(), v.line());
            assertTrue(v.detail().endsWith(": p1 died"), v.line());
            TraceEvent start = run.history().get(0);
            TraceEvent kill = run.history().stream()
                    .filter(e -> e.is(EventType.KILL))
                    .findFirst()
                    .orElseThrow();
            long after = kill.timeMillis() - start.timeMillis();
            assertTrue(after >= 3000, "killed " + after + " ms after the start");
            // Due 3 s after the start, or once p1 has written an event of its own (its presence
            // exists, so its death can be seen), whichever is later; then it fires promptly.
            long firstOwn = run.history().stream()
                    .filter(e -> e.participant().equals("p1")
                            && !e.is(EventType.SPAWN)
                            && !e.is(EventType.KILL)
                            && !e.is(EventType.EXIT))
                    .findFirst()
                    .orElseThrow()
                    .timeMillis();
            long late = kill.timeMillis() - Math.max(start.timeMillis() + 3000, firstOwn);
            assertTrue(late < 5000, "killed " + late + " ms after it was due");
        }
    }
}
