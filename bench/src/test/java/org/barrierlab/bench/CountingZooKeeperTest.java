package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The counting client counts known request sequences exactly, on a real server. */
class CountingZooKeeperTest {

    private static EmbeddedZooKeeper server;

    @BeforeAll
    static void start() {
        server = EmbeddedZooKeeper.standalone(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void create(ZooKeeper zk, String path, String data) throws Exception {
        zk.create(path, data.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    void countsRequestsBytesAndNotificationsOfAKnownSequence() throws Exception {
        CountingZooKeeper zk = Contender.connect(server.connectString());
        CountingZooKeeper other = Contender.connect(server.connectString());
        try {
            create(zk, "/seq", ""); // 1
            create(zk, "/seq/x", "hello"); // 2
            assertEquals("hello", new String(zk.getData("/seq/x", false, null), StandardCharsets.UTF_8)); // 3, 5 bytes
            assertEquals(List.of("x"), zk.getChildren("/seq", false)); // 4, 1 byte
            CountDownLatch created = new CountDownLatch(1);
            Watcher watcher = e -> {
                if (e.getType() == Watcher.Event.EventType.NodeCreated) {
                    created.countDown();
                }
            };
            zk.exists("/seq/y", watcher); // 5
            zk.exists("/seq/z", true); // 6: the session's default watcher
            create(other, "/seq/y", "");
            create(other, "/seq/z", "");
            assertTrue(created.await(10, TimeUnit.SECONDS), "the watch on /seq/y never fired");
            zk.multi(List.of(Op.delete("/seq/y", -1), Op.delete("/seq/z", -1))); // 7: one request
            zk.delete("/seq/x", -1); // 8
            waitFor(() -> zk.counts().notifications() == 2, "two notifications (one per watch)");
            Counts c = zk.counts();
            assertEquals(8, c.requests(), "requests");
            assertEquals(6, c.bytesRead(), "bytes read: 'hello' + 'x'");
            assertEquals(2, c.notifications(), "notifications: /seq/y created, /seq/z created");
            assertEquals(0, zk.inFlight(), "no request in flight");
        } finally {
            zk.close();
            other.close();
        }
    }

    @Test
    void countsAsynchronousRequestsAndTheirBytes() throws Exception {
        CountingZooKeeper zk = Contender.connect(server.connectString());
        try {
            create(zk, "/async", "abc");
            Counts before = zk.counts();
            CountDownLatch done = new CountDownLatch(2);
            zk.getData("/async", false, (rc, path, ctx, data, stat) -> done.countDown(), null);
            zk.getChildren("/", false, (rc, path, ctx, children) -> done.countDown(), null);
            assertTrue(done.await(10, TimeUnit.SECONDS), "async callbacks never ran");
            Counts d = zk.counts().minus(before);
            assertEquals(2, d.requests());
            long rootNames = zk.getChildren("/", false).stream()
                    .mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            assertEquals(3 + rootNames, d.bytesRead());
        } finally {
            zk.close();
        }
    }

    @Test
    void countsCuratorThroughItsZookeeperFactory() throws Exception {
        AtomicReference<CountingZooKeeper> ref = new AtomicReference<>();
        try (CuratorFramework client = CuratorClients.open(server.connectString(), ref)) {
            Counts before = ref.get().counts();
            client.create().forPath("/curator-counted", "1234".getBytes(StandardCharsets.UTF_8));
            client.checkExists().forPath("/curator-counted");
            assertEquals(4, client.getData().forPath("/curator-counted").length);
            client.delete().forPath("/curator-counted");
            Counts d = ref.get().counts().minus(before);
            assertEquals(4, d.requests(), "create, exists, getData, delete");
            assertEquals(4, d.bytesRead());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what)
                .atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
