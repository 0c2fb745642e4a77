package org.barrierlab.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZkTransportTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");
    private static TestingServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void messagesToAParticipantNotYetStartedWaitAndArriveInOrderThenAreDeleted() throws Exception {
        try (ZooKeeper zk1 = ZkTestSupport.connect(server.getConnectString());
                ZooKeeper zk2 = ZkTestSupport.connect(server.getConnectString())) {
            RunLayout run = ZkTestSupport.newRun(zk1, "transport-order");
            ZkTransport t1 = new ZkTransport(zk1, run, "p1");
            for (int i = 0; i < 30; i++) {
                t1.send(new Message("p1-x-" + i, "p1", "p2", "clock", "N", i, "", Map.of("i", Integer.toString(i))));
            }
            List<Message> got = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            try (ZkTransport t2 = new ZkTransport(zk2, run, "p2")) {
                t2.start(m -> {
                    got.add(m);
                    threads.add(Thread.currentThread().getName());
                });
                Await.until(Duration.ofSeconds(10), () -> got.size() == 30, () -> "30 messages, got " + got.size());
                for (int i = 0; i < 30; i++) {
                    assertEquals(Integer.toString(i), got.get(i).get("i"), "mailbox order");
                }
                assertTrue(threads.stream().allMatch("mailbox-p2"::equals), "delivered on the mailbox thread only");
                Await.until(
                        Duration.ofSeconds(5),
                        () -> children(zk1, run.mailbox("p2")) == 0,
                        () -> "consumed messages are deleted");
            }
            t1.close();
        }
    }

    @Test
    void endpointsOverZooKeeperTalkAndDropBadInput() throws Exception {
        try (ZooKeeper zk1 = ZkTestSupport.connect(server.getConnectString());
                ZooKeeper zk2 = ZkTestSupport.connect(server.getConnectString())) {
            RunLayout run = ZkTestSupport.newRun(zk1, "transport-endpoints");
            Endpoint a = new Endpoint(new ZkTransport(zk1, run, "p1"), IDS, new ZkTraceRecorder(zk1, run)::record);
            Endpoint b = new Endpoint(new ZkTransport(zk2, run, "p2"), IDS, new ZkTraceRecorder(zk2, run)::record);
            b.on("clock", "CALL", m -> b.reply(m, "ANSWER", Map.of("value", "7")));
            a.start();
            b.start();
            String box = run.mailbox("p2");
            ZkPaths.ensureBelow(zk1, run, box);
            zk1.create(
                    box + "/m-",
                    "{broken".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            zk1.create(
                    box + "/m-",
                    new Message("z-1", "p9", "p2", "clock", "CALL", 1, "", Map.of()).encode(),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            zk1.create(
                    box + "/m-",
                    new Message("z-2", "p1", "p2", "clock", "WHAT", 1, "", Map.of()).encode(),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            zk1.create(box + "/junk", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Message answer = a.call("p2", "clock", "CALL", Map.of(), 5, TimeUnit.SECONDS);
            assertEquals("7", answer.get("value"));
            List<TraceEvent> h = ZkTraceReader.readAll(zk1, run);
            assertEquals(
                    4,
                    h.stream().filter(e -> e.is(EventType.DROP)).count(),
                    "broken, unknown sender, unknown kind, bad name");
            assertEquals(java.util.Optional.empty(), ClassicVerdicts.checkClock(h));
            a.close();
            b.close();
        }
    }

    private static int children(ZooKeeper zk, String path) {
        try {
            return zk.getChildren(path, false).size();
        } catch (Exception e) {
            return -1;
        }
    }
}
