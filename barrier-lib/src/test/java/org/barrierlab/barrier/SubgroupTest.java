package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.BarrierHistory;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/** Disjoint and overlapping restricted subgroups used concurrently, several handles per session. */
class SubgroupTest {

    @Test
    void disjointAndOverlappingSubgroupsCrossIndependently() throws Exception {
        List<String> ids = Participants.ids(6);
        Map<String, List<String>> groups = new LinkedHashMap<>(); // fixed global order avoids deadlock
        groups.put("left", List.of("p1", "p2", "p3"));
        groups.put("overlap", List.of("p3", "p4"));
        groups.put("right", List.of("p4", "p5", "p6"));
        groups.put("odd", List.of("p1", "p3", "p5"));
        groups.put("all", ids);
        int rounds = 6;
        BarrierHistory h = new BarrierHistory();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            ZooKeeper shared = sessions.open(); // many handles on one session too
            Participants.run(6, 120, i -> {
                String me = ids.get(i);
                ZooKeeper zk = i % 2 == 0 ? sessions.open() : shared;
                List<ZkBarrier> mine = new ArrayList<>();
                for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                    if (g.getValue().contains(me)) {
                        String path = "/t/groups/" + g.getKey();
                        mine.add(ZkBarrier.builder(zk, path)
                                .members(g.getValue())
                                .participantId(me)
                                .listener(e -> {
                                    if (e.kind() == BarrierEvent.Kind.ARRIVE) {
                                        h.arrive(e.path(), me, e.generation());
                                    } else if (e.kind() == BarrierEvent.Kind.PASS) {
                                        h.pass(e.path(), me, e.generation());
                                    }
                                })
                                .build());
                    } else {
                        String path = "/t/groups/" + g.getKey();
                        IllegalArgumentException e =
                                assertThrows(IllegalArgumentException.class, () -> ZkBarrier.builder(zk, path)
                                        .members(g.getValue())
                                        .participantId(me)
                                        .build());
                        assertEquals(
                                "participant id '" + me + "' is not a member of barrier " + path + " (members "
                                        + g.getValue() + ")",
                                e.getMessage());
                    }
                }
                for (int r = 0; r < rounds; r++) {
                    for (ZkBarrier b : mine) {
                        b.await(30, TimeUnit.SECONDS);
                    }
                }
                mine.forEach(ZkBarrier::close);
                return null;
            });
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            assertEquals(rounds, h.check("/t/groups/" + g.getKey(), new HashSet<>(g.getValue())), g.getKey());
        }
    }
}
