package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Step mode grants exactly one step per grant; another process controls a run through the control channel. */
class StepAndControlTest {

    private static long count(Run run, EventType type) {
        return run.history().stream().filter(e -> e.is(type)).count();
    }

    @Test
    @Timeout(120)
    void oneGrantIsExactlyOneStep() throws Exception {
        RunSpec spec = RunSpec.builder("simple")
                .participants(3)
                .rounds(1)
                .speed(50)
                .step(true)
                .build();
        try (Run run = Run.start(spec)) {
            RunTesting.waitFor(
                    "all three participants at the gate",
                    Duration.ofSeconds(60),
                    () -> count(run, EventType.STEP_WAIT) == 3);
            assertEquals(0, count(run, EventType.STEP));

            run.grantStep();
            RunTesting.waitFor("one step", Duration.ofSeconds(20), () -> count(run, EventType.STEP) == 1);
            // The two others must still be waiting: give a second grant's worth of time, then check.
            RunTesting.waitFor(
                    "the stepping participant to arrive",
                    Duration.ofSeconds(20),
                    () -> count(run, EventType.ARRIVE) == 1);
            long waitingAtGate = run.participants().stream()
                    .filter(p -> p.status() == Status.STEP)
                    .count();
            assertEquals(2, waitingAtGate, run.participants().toString());
            assertEquals(1, count(run, EventType.STEP), "a single grant released exactly one participant");

            run.grantStep();
            RunTesting.waitFor("a second arrival", Duration.ofSeconds(20), () -> count(run, EventType.ARRIVE) == 2);
            assertEquals(2, count(run, EventType.STEP), "two grants, two steps");
            assertEquals(
                    1,
                    run.participants().stream()
                            .filter(p -> p.status() == Status.STEP)
                            .count());

            run.continueRun();
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
        }
    }

    /**
     * The presenter picks who moves next: a grant for p3 releases p3 (the last to reach the
     * gate, so never the one an open grant would favour) and nobody else, whether it comes from
     * this process or through the control channel ({@code step p2}).
     */
    @Test
    @Timeout(120)
    void aGrantForANamedParticipantMovesThatParticipantOnly() throws Exception {
        RunSpec spec = RunSpec.builder("simple")
                .participants(3)
                .rounds(1)
                .speed(50)
                .step(true)
                .build();
        try (Run run = Run.start(spec);
                ZooKeeper other = run.layout().authenticate(connect(run.connectString()))) {
            RunTesting.waitFor(
                    "all three participants at the gate",
                    Duration.ofSeconds(60),
                    () -> count(run, EventType.STEP_WAIT) == 3);
            run.grantStep("p3");
            RunTesting.waitFor("one step", Duration.ofSeconds(20), () -> count(run, EventType.STEP) == 1);
            RunTesting.waitFor("p3 to arrive", Duration.ofSeconds(20), () -> count(run, EventType.ARRIVE) == 1);
            assertEquals(List.of("p3"), stepped(run), "the step went to the participant picked");
            assertEquals(List.of("p3"), arrived(run));

            Run.sendControl(other, run.layout(), "step p2");
            RunTesting.waitFor("a second arrival", Duration.ofSeconds(20), () -> count(run, EventType.ARRIVE) == 2);
            assertEquals(List.of("p3", "p2"), stepped(run));
            assertEquals(List.of("p3", "p2"), arrived(run));
            assertEquals(Status.STEP, run.state().participants().get("p1").status(), "p1 still waits its turn");
            assertThrows(IllegalArgumentException.class, () -> run.grantStep("p9"));

            run.continueRun();
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
        }
    }

    private static List<String> stepped(Run run) {
        return run.history().stream()
                .filter(e -> e.is(EventType.STEP) && "grant".equals(e.attr("by")))
                .map(TraceEvent::participant)
                .toList();
    }

    private static List<String> arrived(Run run) {
        return run.history().stream()
                .filter(e -> e.is(EventType.ARRIVE))
                .map(TraceEvent::participant)
                .toList();
    }

    @Test
    @Timeout(120)
    void anotherProcessStepsAndKillsThroughTheControlChannel() throws Exception {
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(300)
                .speed(50)
                .step(true)
                .build();
        try (Run run = Run.start(spec);
                ZooKeeper other = run.layout().authenticate(connect(run.connectString()))) {
            RunTesting.waitFor(
                    "all three at the gate", Duration.ofSeconds(60), () -> count(run, EventType.STEP_WAIT) == 3);
            Run.sendControl(other, run.layout(), "step");
            RunTesting.waitFor("one step", Duration.ofSeconds(20), () -> count(run, EventType.STEP) == 1);
            Run.sendControl(other, run.layout(), "speed 2");
            RunTesting.waitFor("the speed", Duration.ofSeconds(20), () -> run.speed() == 2.0);
            Run.sendControl(other, run.layout(), "continue");
            RunTesting.waitFor("step mode off", Duration.ofSeconds(20), () -> !run.stepMode());
            RunTesting.waitFor(
                    "a first generation passed", Duration.ofSeconds(30), () -> count(run, EventType.PASS) >= 3);
            Run.sendControl(other, run.layout(), "pause");
            RunTesting.waitFor("step mode on", Duration.ofSeconds(20), run::stepMode);
            Run.sendControl(other, run.layout(), "continue");
            RunTesting.waitFor("step mode off again", Duration.ofSeconds(20), () -> !run.stepMode());
            Run.sendControl(other, run.layout(), "kill p2");
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.BROKEN, v.outcome(), v.line());
            assertTrue(v.detail().endsWith(": p2 died"), v.line());
            assertTrue(other.getChildren(run.layout().control(), false).isEmpty(), "handled commands are deleted");
        }
    }

    private static ZooKeeper connect(String connect) throws IOException, InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 4000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no session to " + connect);
        }
        return zk;
    }
}
