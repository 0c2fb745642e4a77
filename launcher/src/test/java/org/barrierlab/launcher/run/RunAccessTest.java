package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.control.ControlCommand;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs that outsiders cannot touch: every node of a real run (participant JVMs, barrier-lib's
 * barrier nodes, the trace, the gate, the control channel, presence) carries the run's digest
 * ACL; a client without the secret gets {@code NoAuth} reading and writing them, one with it
 * reads and writes, and the secret is on no participant's command line.
 */
class RunAccessTest {

    private static final byte[] JUNK = "tamper".getBytes(StandardCharsets.UTF_8);

    @Test
    @Timeout(180)
    void aClientWithoutTheSecretGetsNoAuthAndOneWithItGetsIn() throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            RunSpec spec = RunSpec.builder("simple")
                    .participants(3)
                    .rounds(1)
                    .step(true)
                    .connectString(server.connectString())
                    .build();
            Path secretFile;
            try (Run run = Run.start(spec);
                    ZooKeeper outsider = connect(server.connectString());
                    ZooKeeper insider = connect(server.connectString())) {
                RunLayout open = RunLayout.of(run.runId());
                RunLayout layout = run.layout();
                RunSecret secret = layout.secret().orElseThrow();
                layout.authenticate(insider);
                RunTesting.waitFor(
                        "all three at the gate", Duration.ofSeconds(60), () -> count(run, EventType.STEP_WAIT) == 3);
                // one step: one participant arrives at the barrier and creates its nodes
                run.grantStep();
                String barrier = layout.barrier("camp-1");
                RunTesting.waitFor("the barrier's nodes", Duration.ofSeconds(30), () -> exists(insider, barrier));

                List<String> nodes = subtree(insider, layout.root());
                // step grants and control commands are consumed at any moment: not part of the walk
                nodes.removeIf(n -> n.startsWith(layout.gate() + "/") || n.startsWith(layout.control() + "/"));
                assertTrue(nodes.contains(barrier), nodes.toString());
                assertTrue(nodes.contains(layout.participant("p1")), "presence nodes are in the walk: " + nodes);
                for (String node : nodes) {
                    assertEquals(secret.acl(), insider.getACL(node, null), "ACL of " + node);
                    assertNoAuth(() -> outsider.getData(node, false, null), "read " + node);
                    assertNoAuth(() -> outsider.setData(node, JUNK, -1), "write " + node);
                    assertNoAuth(() -> outsider.getChildren(node, false), "list " + node);
                }
                assertNoAuth(
                        () -> outsider.create(barrier + "/x", JUNK, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        "create in the barrier");
                assertNoAuth(() -> outsider.delete(layout.participant("p2"), -1), "delete a presence node");
                assertNoAuth(() -> ControlCommand.send(outsider, open, "kill p1"), "send a control command");
                // the shared parent lets anyone delete an empty run root only; ours never is
                assertThrows(KeeperException.NotEmptyException.class, () -> outsider.delete(layout.root(), -1));

                // with the secret: read a barrier node, write a command the run executes
                assertNotNull(insider.getData(barrier, false, null));
                Run.sendControl(insider, layout, "continue");
                Verdict v = RunTesting.await(run);
                assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());

                for (String node : subtree(insider, layout.root())) {
                    try {
                        assertEquals(secret.acl(), insider.getACL(node, null), "ACL of " + node + " after the run");
                    } catch (KeeperException.NoNodeException e) {
                        // collected meanwhile
                    }
                }
                for (TraceEvent spawn : events(run, EventType.SPAWN)) {
                    Optional<String> cmd = ProcessHandle.of(Long.parseLong(spawn.attr("pid")))
                            .flatMap(h -> h.info().commandLine());
                    cmd.ifPresent(c -> assertFalse(c.contains(secret.value()), "the secret is on a command line"));
                }
                secretFile = run.secretFile().orElseThrow();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
                assertEquals(secret, RunSecret.readFrom(secretFile));
            }
            assertFalse(Files.exists(secretFile), "the secret file is removed with the run");
        }
    }

    /**
     * Every node a run leaves behind carries the secret's ACL, whoever created it: barrier-lib's
     * nested barriers, a classic algorithm's mailboxes and membership, the tutorial's barrier.
     */
    @ParameterizedTest
    @CsvSource({"nested,lib", "mutex,lib", "tutorial-race,tutorial"})
    @Timeout(180)
    void everyNodeOfARunCarriesTheSecretsAcl(String scenario, String barrier) throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            RunSpec.Builder b =
                    RunSpec.builder(scenario).participants(3).rounds(2).speed(4).connectString(server.connectString());
            if (scenario.equals("tutorial-race")) {
                b.barrier(barrier).deadline(Duration.ofSeconds(20)); // the tutorial's barrier may hang
            }
            try (Run run = Run.start(b.build());
                    ZooKeeper outsider = connect(server.connectString());
                    ZooKeeper insider = run.layout().authenticate(connect(server.connectString()))) {
                Verdict v = RunTesting.await(run);
                RunLayout layout = run.layout();
                List<String> nodes = subtree(insider, layout.root());
                String algorithmNodes = scenario.equals("mutex") ? layout.mailboxes() : layout.barriers() + "/";
                assertTrue(
                        nodes.stream().anyMatch(n -> n.startsWith(algorithmNodes)),
                        "the " + scenario + " run (" + v.line() + ") left nodes under " + algorithmNodes + ": "
                                + nodes);
                for (String node : nodes) {
                    try {
                        assertEquals(layout.acl(), insider.getACL(node, null), "ACL of " + node);
                    } catch (KeeperException.NoNodeException e) {
                        continue; // collected meanwhile
                    }
                    assertNoAuth(() -> outsider.getData(node, false, null), "read " + node);
                }
            }
        }
    }

    private static void assertNoAuth(KeeperCall call, String what) {
        assertThrows(KeeperException.NoAuthException.class, call::run, "an outsider could " + what);
    }

    @FunctionalInterface
    private interface KeeperCall {
        void run() throws KeeperException, InterruptedException;
    }

    private static boolean exists(ZooKeeper zk, String path) {
        try {
            return zk.exists(path, false) != null;
        } catch (KeeperException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> subtree(ZooKeeper zk, String root) throws KeeperException, InterruptedException {
        List<String> out = new ArrayList<>();
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            String p = out.get(i);
            try {
                for (String c : zk.getChildren(p, false)) {
                    out.add(p + "/" + c);
                }
            } catch (KeeperException.NoNodeException e) {
                // an ephemeral or a collected slot went meanwhile
            }
        }
        return out;
    }

    private static long count(Run run, EventType type) {
        return events(run, type).size();
    }

    private static List<TraceEvent> events(Run run, EventType type) {
        return run.history().stream().filter(e -> e.is(type)).toList();
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
