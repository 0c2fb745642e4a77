package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.barrierlab.launcher.verdict.BarrierInvariant;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant restarted mid-run rejoins double barriers (the exam hall), nested scopes (the
 * festival: outer double, inner double per band, restricted reusable inner barriers) and
 * restricted reusable barriers (the restaurant), and the run passes: real participant JVMs, a real ZooKeeper. Each test restarts {@code p2} at a
 * point where a naive restart hangs or breaks the run: inside a double barrier (its round must
 * be retaken by everybody), and between two inner barriers of the same round (the restarted
 * participant must not play the song, or lay the tables, it already did).
 */
class RestartRejoinScopesTest {

    @Test
    @Timeout(90)
    void restartedStudentRetakesTheExamItWasInAndTheRunPasses() throws Exception {
        int exams = 3;
        List<TraceEvent> h = restartP2AndPass("double", 3, exams, "p2 to enter exam 2", history -> history.stream()
                .anyMatch(e -> e.is(EventType.ENTERED)
                        && e.participant().equals("p2")
                        && e.scope().endsWith("/exam-2")));
        for (String p : List.of("p1", "p2", "p3")) {
            for (int e = 1; e <= exams; e++) {
                String scope = "/exam-" + e;
                assertEquals(
                        List.of(e),
                        crossed(h, p, scope, EventType.LEAVE, EventType.LEFT),
                        p + " left exam " + e + " once");
            }
        }
        assertRestartedReset(h, "p2");
    }

    @Test
    @Timeout(90)
    void restartedPlayerRejoinsTheFestivalAtTheCheerAndTheRunPasses() throws Exception {
        int songs = 3;
        List<TraceEvent> h =
                restartP2AndPass("nested", 4, songs, "p2 to play song 2", history -> passes(history, "p2", "/band-b")
                        .contains(2));
        // Every song and every cheer exactly once per member, p2 across its two JVMs: the
        // restarted p2 neither replayed a song its band had played nor skipped one. A crossing
        // counts by the member's arrival at a generation that was released (the old p2 may be
        // killed between the release and the recording of its own pass).
        List<Integer> all = oneTo(songs);
        for (String p : List.of("p1", "p2", "p3", "p4")) {
            String band = p.equals("p1") || p.equals("p3") ? "/band-a" : "/band-b";
            assertEquals(all, crossed(h, p, band), p + " played songs");
            assertEquals(all, crossed(h, p, "/cheer"), p + " cheered after songs");
            assertTrue(
                    h.stream()
                            .anyMatch(x -> x.is(EventType.LEFT)
                                    && x.participant().equals(p)
                                    && x.scope().endsWith("/festival")),
                    p + " left the festival");
        }
        assertRestartedReset(h, "p2");
    }

    @Test
    @Timeout(90)
    void restartedWaiterGoesStraightToTheHatchAndTheRunPasses() throws Exception {
        int courses = 3;
        List<TraceEvent> h =
                restartP2AndPass("restricted", 4, courses, "p2 to lay the tables for course 2", history -> passes(
                                history, "p2", "/dining")
                        .contains(2));
        List<Integer> all = oneTo(courses);
        for (String p : List.of("p1", "p2", "p3", "p4")) {
            String team = p.equals("p1") || p.equals("p3") ? "/kitchen" : "/dining";
            assertEquals(all, crossed(h, p, team), p + " met its team for courses");
            assertEquals(all, crossed(h, p, "/service"), p + " served courses");
        }
        assertRestartedReset(h, "p2");
    }

    @Test
    @Timeout(90)
    void restartedClimberRejoinsTheDayTheTeamIsAtAndTheRunPasses() throws Exception {
        int days = 3;
        List<TraceEvent> h = restartP2AndPass(
                "simple", 3, days, "p2 to reach the rope on day 1", history -> passes(history, "p2", "/camp-1")
                        .contains(1));
        for (String p : List.of("p1", "p2", "p3")) {
            for (int d = 1; d <= days; d++) {
                assertEquals(List.of(d), crossed(h, p, "/camp-" + d), p + " started the climb of day " + d + " once");
            }
        }
    }

    /**
     * Runs {@code scenario} with real participant JVMs, restarts {@code p2} once {@code when}
     * holds of the history, and checks what every scenario must give after a restart: PASS, the
     * verdict naming the restart, and the barrier invariant over the whole history, which it
     * returns for the scenario's own checks.
     */
    private static List<TraceEvent> restartP2AndPass(
            String scenario, int participants, int rounds, String what, Predicate<List<TraceEvent>> when)
            throws Exception {
        RunSpec spec = RunSpec.builder(scenario)
                .participants(participants)
                .rounds(rounds)
                .speed(0.5)
                .deadline(Duration.ofSeconds(45))
                .build();
        try (Run run = Run.start(spec)) {
            RunTesting.waitFor(what, Duration.ofSeconds(40), () -> when.test(run.history()));
            run.restart("p2");
            Verdict v = RunTesting.await(run);
            List<TraceEvent> h = run.history();
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
            assertTrue(v.detail().contains("p2 killed and restarted at round"), v.line());
            assertEquals(List.of(), BarrierInvariant.check(h), "the barrier invariant over the whole history");
            return h;
        }
    }

    /** [1, 2, ..., n]. */
    private static List<Integer> oneTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    /** The restarted JVM (attempt 2) reset a barrier: the survivors' broken round was started afresh. */
    private static void assertRestartedReset(List<TraceEvent> h, String id) {
        long spawn2 = h.stream()
                .filter(e -> e.is(EventType.SPAWN) && e.participant().equals(id) && "2".equals(e.attr("attempt")))
                .findFirst()
                .orElseThrow()
                .zxid();
        assertTrue(
                h.stream()
                        .anyMatch(e -> e.is(EventType.RESET) && e.participant().equals(id) && e.zxid() > spawn2),
                "the restarted " + id + " reset a barrier");
    }

    /** The rounds of {@code id}'s arrivals at released generations of the barrier ending with {@code suffix}. */
    private static List<Integer> crossed(List<TraceEvent> h, String id, String suffix) {
        return crossed(h, id, suffix, EventType.ARRIVE, EventType.PASS);
    }

    /**
     * The rounds (in order) of {@code id}'s {@code arrival}s at a generation of the barrier ending
     * with {@code suffix} that somebody then {@code released} ({@code pass}, {@code left}).
     */
    private static List<Integer> crossed(
            List<TraceEvent> h, String id, String suffix, EventType arrival, EventType released) {
        List<Integer> out = new ArrayList<>();
        Set<String> seen = new HashSet<>(); // an arrival carried past a slot is reported again
        for (TraceEvent a : h) {
            if (a.is(arrival)
                    && a.participant().equals(id)
                    && seen.add(a.scope() + "#" + a.generation())
                    && a.scope().endsWith(suffix)
                    && h.stream()
                            .anyMatch(r -> r.is(released)
                                    && r.scope().equals(a.scope())
                                    && r.generation() == a.generation())) {
                out.add(Integer.parseInt(a.attr("round")));
            }
        }
        return out;
    }

    /** The rounds at which {@code id} passed the (reusable) barrier whose scope ends with {@code suffix}. */
    private static List<Integer> passes(List<TraceEvent> history, String id, String suffix) {
        List<Integer> out = new ArrayList<>();
        for (TraceEvent e : history) {
            if (e.is(EventType.PASS)
                    && e.participant().equals(id)
                    && e.scope().endsWith(suffix)
                    && e.attr("round") != null) {
                out.add(Integer.parseInt(e.attr("round")));
            }
        }
        return out;
    }
}
