package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.layout.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The window of design §2.4: a participant killed after announcing itself and before its first
 * barrier call (here at the step gate), before any participant listed {@code participants/}.
 * Its death must still be judged by the barrier library: every survivor reports "p2 died".
 */
class KillBeforeFirstBarrierTest {

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

    @Test
    @Timeout(150)
    void aParticipantKilledAtTheStepGateIsReportedDead() throws Exception {
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
                    () -> run.history().stream()
                                    .filter(e -> e.is(EventType.STEP_WAIT))
                                    .count()
                            == 3);
            run.kill("p2");
            RunTesting.waitFor("p2's exit", Duration.ofSeconds(30), () -> run.history().stream()
                    .anyMatch(e -> e.is(EventType.EXIT) && e.participant().equals("p2")));
            // a SIGKILLed session lives on for its timeout; the window is when the survivors
            // first look after its presence node is gone
            String presence = RunLayout.of(run.runId()).participant("p2");
            try (ZooKeeper observer = connect(run.connectString())) {
                RunTesting.waitFor("p2's presence node to expire", Duration.ofSeconds(30), () -> {
                    try {
                        return observer.exists(presence, false) == null;
                    } catch (KeeperException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            }
            run.continueRun();
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.BROKEN, v.outcome(), v.line());
            assertTrue(v.detail().endsWith(": p2 died"), v.line());
            // the verdict names a killed member whatever the survivors saw: check what they saw.
            // Each survivor's barrier call threw ZkBrokenBarrierException (exit 3, not a hang at
            // the deadline), and every break barrier-lib reported names p2's death.
            for (String survivor : new String[] {"p1", "p3"}) {
                String code = run.history().stream()
                        .filter(e -> e.is(EventType.EXIT) && e.participant().equals(survivor))
                        .map(e -> e.attr("code"))
                        .findFirst()
                        .orElse("none");
                assertEquals("3", code, survivor + "'s exit code (3 = a barrier broke)");
            }
            List<String> reasons = run.history().stream()
                    .filter(e -> (e.is(EventType.BROKEN) || e.is(EventType.BREAK))
                            && !e.participant().equals("p2"))
                    .map(e -> e.attr("reason"))
                    .distinct()
                    .toList();
            assertEquals(List.of("p2 died"), reasons, "what the survivors' barrier-lib reported");
        }
    }
}
