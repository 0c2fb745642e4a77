package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.barrierlab.launcher.run.KillSpec;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.run.RunTesting;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;
import org.barrierlab.runmodel.state.Status;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.SourceBatch;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run, one state: a real run (participant JVMs, one embedded ZooKeeper for the class) is
 * watched live by the terminal view ({@link ProgressTable}) and by the window's view model (fed
 * by the visualizer's live ZooKeeper source), and recorded; the recording replayed through the
 * one reducer must give the participants (and barriers) both live views showed. Then each
 * story is checked: a normal nested run, a {@code --kill} run, a restart.
 */
class OneRunStateTest {

    private static EmbeddedZooKeeper zk;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = EmbeddedZooKeeper.standalone(0);
    }

    @AfterAll
    static void stopZooKeeper() {
        if (zk != null) {
            zk.close();
        }
    }

    /** What each view ended with. */
    private record Seen(
            Verdict verdict,
            RunState launcher,
            Map<String, List<String>> terminalRows,
            RunViewModel window,
            List<TraceEvent> recording) {

        RunState replayed() {
            return RunReducer.applyAll(RunState.EMPTY, recording);
        }
    }

    @FunctionalInterface
    private interface During {
        void accept(Run run) throws Exception;
    }

    private static Seen watch(String name, RunSpec.Builder spec, During during) throws Exception {
        Path recording = dir.resolve(name + ".jsonl");
        RunSpec s = spec.connectString(zk.connectString()).recordFile(recording).build();
        StringWriter terminal = new StringWriter();
        ProgressTable table = new ProgressTable(new PrintWriter(terminal), false);
        List<SourceBatch> windowBatches = new CopyOnWriteArrayList<>();
        try (Run run = Run.start(s);
                ZkEventSource window = ZkEventSource.connect(zk.connectString(), run.layout(), null)) {
            run.addListener(table);
            window.start(windowBatches::add);
            during.accept(run);
            Verdict v = RunTesting.await(run);
            RunTesting.waitFor("the window to read the run's end", Duration.ofSeconds(30), () -> windowBatches.stream()
                    .flatMap(b -> b.events().stream())
                    .anyMatch(e -> e.is(EventType.RUN_END)));
            RunViewModel vm = new RunViewModel();
            vm.accept(List.copyOf(windowBatches));
            return new Seen(v, run.state(), rows(terminal.toString(), run.state()), vm, ReplaySource.read(recording));
        }
    }

    /** The terminal's plain lines about each participant, in order ({@code p2 dead ...}). */
    private static Map<String, List<String>> rows(String text, RunState state) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int space = line.indexOf(' ');
            String first = space < 0 ? line : line.substring(0, space);
            if (state.participants().containsKey(first)) {
                rows.computeIfAbsent(first, k -> new ArrayList<>()).add(line);
            }
        }
        return rows;
    }

    /**
     * The replay agrees with every live view: the launcher's state, the window's view model,
     * and every line the terminal printed (in order, a subsequence of the replay's rows, since
     * the live views see the events in batches), ending with the replay's last row.
     */
    private static RunState assertOneStory(Seen seen) {
        RunState replayed = seen.replayed();
        assertEquals(replayed.participants(), seen.launcher().participants(), "launcher (terminal, verdict) state");
        assertEquals(replayed.scopes(), seen.launcher().scopes(), "launcher barriers");
        assertEquals(seen.recording(), seen.window().allEvents(), "the window read the recorded events");
        RunState window = seen.window().liveStateProperty().get();
        assertEquals(replayed.participants(), window.participants(), "window state");
        assertEquals(replayed.scopes(), window.scopes(), "window barriers");

        Map<String, List<String>> replayRows = new LinkedHashMap<>();
        RunState s = RunState.EMPTY;
        for (TraceEvent e : seen.recording()) {
            s = RunReducer.apply(s, e);
            for (ParticipantState p : s.participants().values()) {
                List<String> r = replayRows.computeIfAbsent(p.id(), k -> new ArrayList<>());
                String row = ProgressTable.row(p);
                if (r.isEmpty() || !r.get(r.size() - 1).equals(row)) {
                    r.add(row);
                }
            }
        }
        for (ParticipantState p : replayed.participants().values()) {
            List<String> shown = seen.terminalRows().getOrDefault(p.id(), List.of());
            List<String> all = replayRows.get(p.id());
            assertFalse(shown.isEmpty(), p.id() + " never shown in the terminal");
            assertEquals(ProgressTable.row(p), shown.get(shown.size() - 1), p.id() + "'s last terminal row");
            int at = 0;
            for (String line : shown) {
                while (at < all.size() && !all.get(at).equals(line)) {
                    at++;
                }
                assertTrue(at < all.size(), "terminal row '" + line + "' is not a state of the replay " + all);
            }
        }
        return replayed;
    }

    @Test
    @Timeout(180)
    void normalNestedRunIsTheSameEverywhereAndEverybodyIsDone() throws Exception {
        Seen seen = watch(
                "nested",
                RunSpec.builder("nested").participants(4).rounds(2).speed(20).seed(7),
                run -> {});
        assertEquals(
                Verdict.Outcome.PASS, seen.verdict().outcome(), seen.verdict().line());
        RunState s = assertOneStory(seen);
        assertEquals(4, s.participants().size());
        for (ParticipantState p : s.participants().values()) {
            assertEquals(Status.DONE, p.status(), p.toString());
        }
        assertTrue(s.scopes().keySet().stream().anyMatch(k -> k.contains("/inner/")), "nested scopes seen");
        assertTrue(s.scopes().values().stream().noneMatch(ScopeState::broken));
    }

    @Test
    @Timeout(180)
    void killedParticipantIsDeadWhereItWasSurvivorsAreBrokenAndTheReasonIsItsDeath() throws Exception {
        Seen seen = watch(
                "kill",
                RunSpec.builder("reusable").participants(3).rounds(4).speed(20).kill(KillSpec.parse("p2@3")),
                run -> {});
        assertEquals(
                "verdict: BROKEN /barriers/stroke generation 2: p2 died",
                seen.verdict().line());
        RunState s = assertOneStory(seen);
        ParticipantState p2 = s.participants().get("p2");
        assertEquals(Status.DEAD, p2.status());
        assertTrue(p2.killed());
        assertEquals("/barriers/stroke", p2.scope());
        assertEquals(1, p2.generation(), "killed in round 3, before arriving at generation 2");
        for (String survivor : List.of("p1", "p3")) {
            ParticipantState p = s.participants().get(survivor);
            assertEquals(Status.BROKEN, p.status(), p.toString());
            assertFalse(p.dead(), survivor + " reported the break: a survivor, not dead");
            assertEquals(2, p.generation());
        }
        ScopeState stroke = s.scopes().get("/barriers/stroke");
        assertEquals("p2 died", stroke.brokenReason());
        assertEquals("p2", stroke.brokenBy());
        assertEquals("p2 died", stroke.brokenGenerations().get(2L));
        assertEquals(
                "p2 dead /barriers/stroke gen 1 (killed, exit 137)",
                seen.terminalRows().get("p2").get(seen.terminalRows().get("p2").size() - 1));
    }

    @Test
    @Timeout(180)
    void restartedParticipantIsRestartedThenDoneEverywhere() throws Exception {
        Seen seen = watch(
                "restart", RunSpec.builder("leader").participants(3).rounds(6).speed(4), run -> {
                    RunTesting.waitFor(
                            "p3 to be followed as the leader", Duration.ofSeconds(60), () -> run.history().stream()
                                    .anyMatch(e -> e.is(EventType.LEADER)
                                            && "p3".equals(e.attr("leader"))
                                            && !e.participant().equals("p3")));
                    run.restart("p3");
                });
        assertEquals(
                Verdict.Outcome.PASS, seen.verdict().outcome(), seen.verdict().line());
        RunState s = assertOneStory(seen);
        ParticipantState p3 = s.participants().get("p3");
        assertEquals(Status.DONE, p3.status());
        assertEquals(2, p3.attempt());
        boolean sawDead = false;
        boolean sawRestarted = false;
        RunState at = RunState.EMPTY;
        for (TraceEvent e : seen.recording()) {
            at = RunReducer.apply(at, e);
            Status st = at.participants().containsKey("p3")
                    ? at.participants().get("p3").status()
                    : null;
            sawDead |= st == Status.DEAD;
            sawRestarted |= sawDead && st == Status.RESTARTED;
        }
        assertTrue(sawRestarted, "p3 was dead, then restarted, in the replay");
    }
}
