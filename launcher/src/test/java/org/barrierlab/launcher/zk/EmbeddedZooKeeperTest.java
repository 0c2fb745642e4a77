package org.barrierlab.launcher.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class EmbeddedZooKeeperTest {

    @Test
    void dataDirectoriesOfDeadLaunchersAreRemovedAndLiveOnesKept(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path stale = Files.createDirectories(tmp.resolve("barrierlab-zk-" + gone.pid() + "-123/server-1"));
        Path mine = Files.createDirectories(
                tmp.resolve("barrierlab-zk-" + ProcessHandle.current().pid() + "-456"));
        Path legacy = Files.createDirectories(tmp.resolve("barrierlab-zk-789abc"));
        assertEquals(1, EmbeddedZooKeeper.removeStaleDirectories(tmp));
        assertFalse(Files.exists(stale.getParent()), "the dead launcher's directory is gone");
        assertTrue(Files.isDirectory(mine), "a live launcher's directory stays");
        assertTrue(Files.isDirectory(legacy), "a directory naming no owner stays");
    }

    @Test
    void standaloneServesClientsAndRemovesItsDataOnClose() throws Exception {
        Path dir;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0)) {
            dir = zk.dataDirectory();
            assertTrue(Files.isDirectory(dir), "data directory exists while running");
            assertTrue(zk.connectString().startsWith("127.0.0.1:"), zk.connectString());
            ZooKeeper client = connect(zk.connectString());
            try {
                client.create(
                        "/hello",
                        "x".getBytes(StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                assertEquals("x", new String(client.getData("/hello", false, null), StandardCharsets.UTF_8));
            } finally {
                client.close();
            }
            assertEquals("standalone", zk.mode(1));
        }
        assertFalse(Files.exists(dir), "data directory removed on close: " + dir);
    }

    @Test
    void ensembleSurvivesTheLossOfItsLeaderAndTheClientContinues() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.ensemble(3)) {
            assertEquals(3, zk.connectString().split(",").length, zk.connectString());
            ZooKeeper client = connect(zk.connectString());
            try {
                client.create("/before", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                int leader = waitForLeader(zk);
                zk.kill(leader);
                assertFalse(zk.isAlive(leader));

                // The survivors elect a new leader; the same client session goes on writing.
                int newLeader = waitForLeader(zk);
                assertNotEquals(leader, newLeader, "a surviving server leads");
                retryCreate(client, "/after");
                assertTrue(client.exists("/before", false) != null, "data written before the failure survives");

                zk.restart(leader);
                assertTrue(zk.isAlive(leader));
                retryCreate(client, "/restarted");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void rejectsBadArgumentsWithMessagesNamingTheRule() {
        IllegalArgumentException size =
                assertThrows(IllegalArgumentException.class, () -> EmbeddedZooKeeper.ensemble(0));
        assertEquals("ensemble size must be between 1 and 7, was 0", size.getMessage());
        IllegalArgumentException port =
                assertThrows(IllegalArgumentException.class, () -> EmbeddedZooKeeper.standalone(70000));
        assertEquals("port must be between 0 and 65535, was 70000", port.getMessage());
    }

    @Test
    void killingAndRestartingCheckTheServerState() {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0)) {
            assertThrows(IllegalStateException.class, () -> zk.restart(1), "cannot restart a live server");
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> zk.kill(9));
            assertEquals("no ZooKeeper server with id 9; ids are [1]", unknown.getMessage());
        }
    }

    static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            client.close();
            throw new AssertionError("no connection to " + connectString + " within 20 s");
        }
        return client;
    }

    private static int waitForLeader(EmbeddedZooKeeper zk) {
        // Polling an external server's state: there is no event to wait on.
        return Awaitility.await("a leader elected")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(zk::leaderId, Optional::isPresent)
                .orElseThrow();
    }

    private static void retryCreate(ZooKeeper client, String path) {
        // Connection loss while the client fails over is not failure: try again until the deadline.
        Awaitility.await("the client to recover and create " + path)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(KeeperException.ConnectionLossException.class)
                .until(() -> {
                    try {
                        client.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    } catch (KeeperException.NodeExistsException e) {
                        // an earlier attempt went through before its reply was lost
                    }
                    return true;
                });
    }
}
