package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counting client counts known request sequences exactly, on a real server: every request
 * method it overrides, synchronous and asynchronous, counts one request (also where ZooKeeper's
 * overload calls another overload inside) and exactly the payload it returned. Pins the counts the
 * benchmark's figures rest on, whatever shape the counting code has.
 */
class CountingZooKeeperTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Watcher NOOP = e -> {};

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

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} and checks that it added exactly {@code requests} and {@code bytes}. */
    private static void step(CountingZooKeeper zk, String what, long requests, long bytes, Call call) throws Exception {
        Counts before = zk.counts();
        call.run();
        Counts d = zk.counts().minus(before);
        assertEquals(requests, d.requests(), what + ": requests");
        assertEquals(bytes, d.bytesRead(), what + ": bytes read");
        assertEquals(0, zk.inFlight(), what + ": nothing left in flight");
    }

    private static long names(List<String> names) {
        return names.stream()
                .mapToLong(n -> n.getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    @Test
    void everySynchronousOverloadCountsOneRequestAndItsPayload() throws Exception {
        CountingZooKeeper zk = Contender.connect(server.connectString());
        try {
            List<org.apache.zookeeper.data.ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
            step(zk, "create", 1, 0, () -> zk.create("/s", HELLO, open, CreateMode.PERSISTENT));
            step(zk, "create with stat", 1, 0, () -> zk.create("/s/a", HELLO, open, CreateMode.PERSISTENT, new Stat()));
            step(zk, "create with ttl", 1, 0, () -> zk.create("/s/b", HELLO, open, CreateMode.PERSISTENT, null, -1));
            step(zk, "create ephemeral", 1, 0, () -> zk.create("/s/e", HELLO, open, CreateMode.EPHEMERAL));
            step(zk, "exists(watcher)", 1, 0, () -> zk.exists("/s/a", NOOP));
            step(zk, "exists(boolean)", 1, 0, () -> zk.exists("/s/a", true));
            step(zk, "getData(watcher)", 1, 5, () -> zk.getData("/s/a", NOOP, null));
            step(zk, "getData(boolean)", 1, 5, () -> zk.getData("/s/a", false, new Stat()));
            step(zk, "setData", 1, 0, () -> zk.setData("/s/a", HELLO, -1));
            step(zk, "getACL", 1, 0, () -> zk.getACL("/s/a", new Stat()));
            step(zk, "setACL", 1, 0, () -> zk.setACL("/s/a", open, -1));
            long children = names(List.of("a", "b", "e"));
            step(zk, "getChildren(watcher)", 1, children, () -> zk.getChildren("/s", NOOP));
            step(zk, "getChildren(boolean)", 1, children, () -> zk.getChildren("/s", false));
            step(zk, "getChildren(watcher, stat)", 1, children, () -> zk.getChildren("/s", NOOP, new Stat()));
            step(zk, "getChildren(boolean, stat)", 1, children, () -> zk.getChildren("/s", true, new Stat()));
            step(zk, "getAllChildrenNumber", 1, 0, () -> zk.getAllChildrenNumber("/s"));
            step(zk, "getEphemerals", 1, names(List.of("/s/e")), () -> zk.getEphemerals("/s"));
            byte[] config = zk.getConfig(false, null);
            long configBytes = config == null ? 0 : config.length;
            step(zk, "getConfig(watcher)", 1, configBytes, () -> zk.getConfig(NOOP, null));
            step(zk, "getConfig(boolean)", 1, configBytes, () -> zk.getConfig(false, null));
            step(zk, "sync", 1, 0, () -> zk.sync("/s"));
            step(zk, "addWatch(watcher)", 1, 0, () -> zk.addWatch("/s", NOOP, AddWatchMode.PERSISTENT));
            step(zk, "addWatch(default)", 1, 0, () -> zk.addWatch("/s/b", AddWatchMode.PERSISTENT));
            step(zk, "removeWatches", 1, 0, () -> zk.removeWatches("/s", NOOP, Watcher.WatcherType.Any, false));
            step(zk, "removeAllWatches", 1, 0, () -> zk.removeAllWatches("/s/b", Watcher.WatcherType.Any, false));
            step(zk, "multi", 1, 5 + children, () -> zk.multi(List.of(Op.getData("/s/a"), Op.getChildren("/s"))));
            step(zk, "delete", 1, 0, () -> zk.delete("/s/e", -1));
            step(zk, "multi of deletes", 1, 0, () -> zk.multi(List.of(Op.delete("/s/a", -1), Op.delete("/s/b", -1))));
            assertEquals(27, zk.counts().requests() - 1, "27 steps, one request each (plus the config read)");
        } finally {
            zk.close();
        }
    }

    @Test
    void everyAsynchronousOverloadCountsOneRequestAndItsPayload() throws Exception {
        CountingZooKeeper zk = Contender.connect(server.connectString());
        try {
            List<org.apache.zookeeper.data.ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
            zk.create("/as", HELLO, open, CreateMode.PERSISTENT);
            long children = names(List.of("a", "b", "c"));
            step(
                    zk,
                    "create(StringCallback)",
                    1,
                    0,
                    async(done -> zk.create(
                            "/as/a",
                            HELLO,
                            open,
                            CreateMode.PERSISTENT,
                            (rc, p, ctx, name) -> done.countDown(),
                            null)));
            step(
                    zk,
                    "create(Create2Callback)",
                    1,
                    0,
                    async(done -> zk.create(
                            "/as/b",
                            HELLO,
                            open,
                            CreateMode.PERSISTENT,
                            (rc, p, ctx, name, st) -> done.countDown(),
                            null)));
            step(
                    zk,
                    "create(Create2Callback, ttl)",
                    1,
                    0,
                    async(done -> zk.create(
                            "/as/c",
                            HELLO,
                            open,
                            CreateMode.PERSISTENT,
                            (rc, p, ctx, name, st) -> done.countDown(),
                            null,
                            -1)));
            step(
                    zk,
                    "exists(watcher)",
                    1,
                    0,
                    async(done -> zk.exists("/as/a", NOOP, (rc, p, c, s) -> done.countDown(), null)));
            step(
                    zk,
                    "exists(boolean)",
                    1,
                    0,
                    async(done -> zk.exists("/as/a", false, (rc, p, c, s) -> done.countDown(), null)));
            step(
                    zk,
                    "getData(watcher)",
                    1,
                    5,
                    async(done -> zk.getData("/as/a", NOOP, (rc, p, c, d, s) -> done.countDown(), null)));
            step(
                    zk,
                    "getData(boolean)",
                    1,
                    5,
                    async(done -> zk.getData("/as/a", false, (rc, p, c, d, s) -> done.countDown(), null)));
            step(
                    zk,
                    "setData",
                    1,
                    0,
                    async(done -> zk.setData("/as/a", HELLO, -1, (rc, p, c, s) -> done.countDown(), null)));
            step(
                    zk,
                    "getChildren(watcher)",
                    1,
                    children,
                    async(done -> zk.getChildren("/as", NOOP, (rc, p, c, ch) -> done.countDown(), null)));
            step(
                    zk,
                    "getChildren(boolean)",
                    1,
                    children,
                    async(done -> zk.getChildren("/as", false, (rc, p, c, ch) -> done.countDown(), null)));
            step(
                    zk,
                    "getChildren2(watcher)",
                    1,
                    children,
                    async(done -> zk.getChildren("/as", NOOP, (rc, p, c, ch, s) -> done.countDown(), null)));
            step(
                    zk,
                    "getChildren2(boolean)",
                    1,
                    children,
                    async(done -> zk.getChildren("/as", true, (rc, p, c, ch, s) -> done.countDown(), null)));
            step(zk, "sync", 1, 0, async(done -> zk.sync("/as", (rc, p, c) -> done.countDown(), null)));
            step(
                    zk,
                    "addWatch(watcher)",
                    1,
                    0,
                    async(done ->
                            zk.addWatch("/as", NOOP, AddWatchMode.PERSISTENT, (rc, p, c) -> done.countDown(), null)));
            step(
                    zk,
                    "addWatch(default)",
                    1,
                    0,
                    async(done -> zk.addWatch("/as/b", AddWatchMode.PERSISTENT, (rc, p, c) -> done.countDown(), null)));
            step(
                    zk,
                    "removeWatches",
                    1,
                    0,
                    async(done -> zk.removeWatches(
                            "/as", NOOP, Watcher.WatcherType.Any, false, (rc, p, c) -> done.countDown(), null)));
            step(
                    zk,
                    "removeAllWatches",
                    1,
                    0,
                    async(done -> zk.removeAllWatches(
                            "/as/b", Watcher.WatcherType.Any, false, (rc, p, c) -> done.countDown(), null)));
            step(zk, "delete", 1, 0, async(done -> zk.delete("/as/c", -1, (rc, p, c) -> done.countDown(), null)));
            step(
                    zk,
                    "multi",
                    1,
                    0,
                    async(done -> zk.multi(
                            List.of(Op.delete("/as/a", -1), Op.delete("/as/b", -1)),
                            (rc, p, c, r) -> done.countDown(),
                            null)));
        } finally {
            zk.close();
        }
    }

    @Test
    void notificationsCountOncePerDeliveredNodeEventAndNotPerWatcherRegistration() throws Exception {
        CountingZooKeeper zk = Contender.connect(server.connectString());
        CountingZooKeeper other = Contender.connect(server.connectString());
        try {
            Watcher w = e -> {};
            zk.exists("/n", w);
            zk.exists("/n", w); // the same watcher twice: one watch, one notification
            zk.getChildren("/", true); // the session's default watcher
            CountDownLatch marker = new CountDownLatch(1);
            zk.exists("/n-marker", e -> marker.countDown());
            other.create("/n", HELLO, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            other.create("/n-marker", HELLO, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // one event thread delivers in zxid order: when the marker's event has run, all earlier ones have
            assertTrue(marker.await(10, TimeUnit.SECONDS), "the watch on /n-marker never fired");
            assertEquals(
                    3,
                    zk.counts().notifications(),
                    "/n created (once, though watched twice), / children changed, /n-marker created");
            other.delete("/n", -1);
            other.delete("/n-marker", -1);
        } finally {
            zk.close();
            other.close();
        }
    }

    private interface AsyncCall {
        void start(CountDownLatch done) throws Exception;
    }

    /** A call whose callback must run (bounded) before its counts are read. */
    private static Call async(AsyncCall call) {
        return () -> {
            CountDownLatch done = new CountDownLatch(1);
            call.start(done);
            assertTrue(done.await(10, TimeUnit.SECONDS), "the callback never ran");
        };
    }
}
