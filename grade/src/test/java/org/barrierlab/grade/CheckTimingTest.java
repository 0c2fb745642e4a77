package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.spi.BarrierProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a check is timed: its deadline counts from the start line, not from the JVMs' start-up,
 * which has its own bound and, exceeded, is a setup failure rather than a verdict. Real
 * participant JVMs on a real (embedded) ZooKeeper; a slow start-up is made by spawning one JVM
 * late.
 */
class CheckTimingTest {

    @TempDir
    Path out;

    private EmbeddedZooKeeper server;
    private ZooKeeper zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = EmbeddedZooKeeper.standalone(0);
        CountDownLatch up = new CountDownLatch(1);
        zk = new ZooKeeper(server.connectString(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        assertTrue(up.await(15, TimeUnit.SECONDS), "no session with the embedded ZooKeeper");
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
        server.close();
    }

    @Test
    @Timeout(180)
    void aParticipantSlowToStartDoesNotTurnAPassIntoAHang() throws Exception {
        // p3's JVM starts 12 s late, longer than the 8 s check: counted from the spawn, the check
        // would end before p3 arrives (the load-28 HUNG of `restricted`)
        CheckRunner runner = new CheckRunner(
                zk, server.connectString(), "lib", out, new CheckRunner.Timing(8_000, 90_000, Map.of("p3", 12_000L)));
        CheckResult r = runner.run(Check.CROSSING, 1, 5);
        assertEquals(Outcome.PASS, r.outcome(), r.toString());
        assertEquals(3, r.costs().crossings(), "all three crossed");
    }

    @Test
    @Timeout(180)
    void aHangingImplementationIsStillHungWithinItsBound() throws Exception {
        Path jar = out.resolve("ignores-timeout.jar");
        try (OutputStream f = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(f)) {
            // the class itself is on the participants' class path (test classes)
            j.putNextEntry(new JarEntry("META-INF/services/" + BarrierProvider.class.getName()));
            j.write((IgnoresTimeoutProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        long checkMillis = 6_000;
        CheckRunner runner = new CheckRunner(
                zk, server.connectString(), jar.toString(), out, new CheckRunner.Timing(checkMillis, 90_000, Map.of()));
        long t0 = System.nanoTime();
        CheckResult r = runner.run(Check.CROSSING, 1, 5);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.HUNG, r.outcome(), r.toString());
        assertTrue(r.detail().contains("p1") && r.detail().contains("await"), "who waits where: " + r.detail());
        assertTrue(r.recordingFile().isPresent(), "a hang keeps its recording");
        // ended by the check's deadline, not by the 90 s start-up bound
        assertTrue(tookMillis < 90_000, "the hang ended after " + tookMillis + " ms");
        assertTrue(tookMillis >= checkMillis, "the check ended before its deadline: " + tookMillis + " ms");
    }

    @Test
    @Timeout(180)
    void aJvmThatNeverReachesTheStartLineIsASetupFailure() throws Exception {
        // p3 is spawned after the whole start-up bound has passed
        CheckRunner runner = new CheckRunner(
                zk, server.connectString(), "lib", out, new CheckRunner.Timing(8_000, 5_000, Map.of("p3", 6_000L)));
        CheckResult r = runner.run(Check.CROSSING, 1, 5);
        assertEquals(Outcome.SETUP, r.outcome(), r.toString());
        assertTrue(
                r.detail().contains("p3") && r.detail().contains("did not reach the start line within 5 s"),
                r.detail());
        Grade g = new Grade("lib", "lib", java.util.Set.of(), java.util.List.of(r), java.util.List.of());
        assertTrue(!g.passed(), "a check that was not graded does not pass the grade");
        assertEquals(Outcome.SETUP, g.phase(1));
    }
}
