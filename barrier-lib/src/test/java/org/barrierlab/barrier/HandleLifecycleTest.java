package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure class 7: handle identity, nesting bookkeeping and request accounting.
 */
class HandleLifecycleTest {

    private TestingServer server;
    private ZkSessions sessions;

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 4000);
    }

    @AfterEach
    void stop() throws Exception {
        sessions.close();
        server.close();
    }

    @Test
    void everyBuildOfOneBuilderGetsItsOwnParticipantId() throws Exception {
        ZooKeeper zk = sessions.open();
        ZkBarrier.Builder b = ZkBarrier.builder(zk, "/t/ids").parties(2);
        ZkBarrier x = b.build();
        ZkBarrier y = b.build();
        assertNotEquals(x.participantId(), y.participantId());
        ZkDoubleBarrier.Builder d = ZkDoubleBarrier.builder(zk, "/t/ids2").parties(2);
        assertNotEquals(d.build().participantId(), d.build().participantId());
        // and both take part as two parties
        Participants.run(2, 30, i -> List.of(x, y).get(i).await(10, TimeUnit.SECONDS));
        x.close();
        y.close();
    }

    @Test
    void anInnerDoubleBarrierResetOrClosedWhileInsideDoesNotBlockTheOuterLeave() throws Exception {
        List<String> ids = List.of("p1", "p2");
        ZkDoubleBarrier o1 = ZkDoubleBarrier.builder(sessions.open(), "/t/nest")
                .members(ids)
                .participantId("p1")
                .build();
        ZkDoubleBarrier o2 = ZkDoubleBarrier.builder(sessions.open(), "/t/nest")
                .members(ids)
                .participantId("p2")
                .build();
        List<ZkDoubleBarrier> outer = List.of(o1, o2);
        ZkDoubleBarrier i1 = o1.innerDoubleBarrier("in").build();
        ZkDoubleBarrier i2 = o2.innerDoubleBarrier("in").build();
        List<ZkDoubleBarrier> inner = List.of(i1, i2);
        Participants.run(2, 30, i -> outer.get(i).enter(10, TimeUnit.SECONDS));
        Participants.run(2, 30, i -> inner.get(i).enter(10, TimeUnit.SECONDS));
        i1.reset(); // p1 abandons the inner round
        i2.close(); // p2 gives up its inner handle
        assertFalse(i1.isInside());
        assertFalse(i2.isInside());
        Participants.run(2, 30, i -> outer.get(i).leave(10, TimeUnit.SECONDS));
        i1.close();
        o1.close();
        o2.close();
    }

    @Test
    void everyRequestIsCountedExactlyOnce() throws Exception {
        InstrumentedZooKeeper zk = InstrumentedZooKeeper.open(server.getConnectString(), 4000);
        ZkBarrier one = ZkBarrier.builder(zk, "/t/count/deep/b").parties(1).build();
        for (int i = 0; i < 5; i++) {
            one.await(10, TimeUnit.SECONDS);
        }
        ZkDoubleBarrier two =
                ZkDoubleBarrier.builder(zk, "/t/count/d").parties(1).build();
        for (int i = 0; i < 3; i++) {
            two.enter(10, TimeUnit.SECONDS);
            two.leave(10, TimeUnit.SECONDS);
        }
        // the liveness threads and asynchronous collection may still be sending: wait until quiet
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long client;
        long library;
        do {
            client = zk.requests();
            library = one.stats().requests() + two.stats().requests();
            if (client == library) {
                break;
            }
            Thread.yield(); // a bounded poll of counters that settle once the background sends are out
        } while (System.nanoTime() < deadline);
        assertEquals(client, library, "requests sent by the client vs counted by the library");
        one.close();
        two.close();
        zk.close();
    }
}
