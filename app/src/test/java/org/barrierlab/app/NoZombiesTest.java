package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.run.RunTesting;
import org.barrierlab.launcher.run.SecretFile;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Participant JVMs never outlive their launcher: not when its node goes, not when its JVM is SIGKILLed. */
class NoZombiesTest {

    @Test
    @Timeout(90)
    void participantsExitWhenTheLauncherNodeDisappears() throws Exception {
        RunSpec spec =
                RunSpec.builder("simple").participants(3).rounds(1).step(true).build();
        try (Run run = Run.start(spec);
                ZooKeeper other = run.layout().authenticate(connect(run.connectString()))) {
            RunTesting.waitFor(
                    "all at the gate",
                    Duration.ofSeconds(60),
                    () -> run.history().stream()
                                    .filter(e -> e.is(EventType.STEP_WAIT))
                                    .count()
                            == 3);
            other.delete(run.layout().launcher(), -1);
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.FAIL, v.outcome(), v.line());
            List<String> codes = run.history().stream()
                    .filter(e -> e.is(EventType.EXIT))
                    .map(e -> e.attr("code"))
                    .toList();
            assertEquals(List.of("4", "4", "4"), codes, "every participant exited because its launcher is gone");
            assertTrue(v.detail().contains("lost its launcher"), v.line());
        }
    }

    @Test
    @Timeout(120)
    void participantsDieWithASigkilledLauncher() throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0);
                ZooKeeper zk = connect(server.connectString())) {
            Process launcher = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            BarrierLabApp.class.getName(),
                            "demo",
                            "simple",
                            "-n",
                            "3",
                            "--step",
                            "--headless",
                            "--zk",
                            server.connectString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            List<Long> pids = new ArrayList<>();
            try {
                RunTesting.waitFor("three participants present", Duration.ofSeconds(60), () -> {
                    pids.clear();
                    pids.addAll(participantPids(zk));
                    return pids.size() == 3;
                });
            } finally {
                launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
            }
            assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
            for (long pid : pids) {
                Optional<ProcessHandle> h = ProcessHandle.of(pid);
                if (h.isPresent()) {
                    RunTesting.waitFor("participant JVM " + pid + " to exit", Duration.ofSeconds(20), () -> !h.get()
                            .isAlive());
                }
            }
            for (String run : zk.getChildren(RunLayout.RUNS_ROOT, false)) {
                Files.deleteIfExists(SecretFile.of(run)); // a SIGKILLed launcher cannot remove it
            }
        }
    }

    private static List<Long> participantPids(ZooKeeper zk) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String run : zk.getChildren(RunLayout.RUNS_ROOT, false)) {
                // the launcher's secret file (what 'visualize --run' reads) lets this session in
                Path secretFile = SecretFile.of(run);
                if (!Files.isRegularFile(secretFile)) {
                    return List.of(); // not written yet
                }
                RunLayout layout = RunLayout.of(run).securedBy(RunSecret.readFrom(secretFile));
                layout.authenticate(zk);
                for (String p : zk.getChildren(layout.participants(), false)) {
                    if (p.startsWith("+")) {
                        continue; // a presence record (ZkBarrier.presenceRecord), not a presence node
                    }
                    String data = new String(zk.getData(layout.participant(p), false, null), StandardCharsets.UTF_8);
                    for (String part : data.split("\\s+")) {
                        if (part.startsWith("pid=")) {
                            pids.add(Long.parseLong(part.substring(4)));
                        }
                    }
                }
            }
        } catch (KeeperException e) {
            return List.of(); // not there yet
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pids;
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
