package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.BarrierHistory;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZkDoubleBarrierTest {

    private static TestingServer server;
    private ZkSessions sessions;

    @BeforeAll
    static void start() throws Exception {
        server = ZkTestServers.single();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void openSessions() {
        sessions = new ZkSessions(server.getConnectString(), 4000);
    }

    @AfterEach
    void closeSessions() throws Exception {
        sessions.close();
    }

    /** Records enter/leave as two barriers "path:enter" and "path:leave" of the history. */
    static BarrierListener recorder(BarrierHistory h) {
        return e -> {
            switch (e.kind()) {
                case ENTER -> h.arrive(e.path() + ":enter", e.participantId(), e.generation());
                case ENTERED -> h.pass(e.path() + ":enter", e.participantId(), e.generation());
                case LEAVE -> h.arrive(e.path() + ":leave", e.participantId(), e.generation());
                case LEFT -> h.pass(e.path() + ":leave", e.participantId(), e.generation());
                case ARRIVE -> h.arrive(e.path(), e.participantId(), e.generation());
                case PASS -> h.pass(e.path(), e.participantId(), e.generation());
                default -> {}
            }
        };
    }

    @ParameterizedTest(name = "N={0}, {1} rounds")
    @CsvSource({"2, 15", "5, 8", "12, 4"})
    void enterAndLeaveAreReusableBarriers(int n, int rounds) throws Exception {
        String path = "/t/double-" + n;
        BarrierHistory h = new BarrierHistory();
        List<String> ids = Participants.ids(n);
        Participants.run(n, 120, i -> {
            ZooKeeper zk = sessions.open();
            try (ZkDoubleBarrier b = ZkDoubleBarrier.builder(zk, path)
                    .members(ids)
                    .participantId(ids.get(i))
                    .listener(recorder(h))
                    .build()) {
                for (int r = 0; r < rounds; r++) {
                    b.enter(30, TimeUnit.SECONDS);
                    assertTrue(b.isInside());
                    assertEquals(r, b.generation());
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Thread.onSpinWait();
                    }
                    b.leave(30, TimeUnit.SECONDS);
                }
            }
            return null;
        });
        Set<String> members = new HashSet<>(ids);
        assertEquals(rounds, h.check(path + ":enter", members));
        assertEquals(rounds, h.check(path + ":leave", members));
        // and enter of round r+1 never before everybody left round r
        for (BarrierHistory.Entry e : h.entries()) {
            if (e.kind().equals("arrive") && e.barrier().endsWith(":enter") && e.generation() > 0) {
                long leftBefore = h.entries().stream()
                        .filter(x -> x.barrier().endsWith(":leave")
                                && x.kind().equals("pass")
                                && x.generation() == e.generation() - 1
                                && x.participant().equals(e.participant()))
                        .count();
                assertEquals(1, leftBefore, "enter of round " + e.generation() + " before leaving the previous");
            }
        }
    }

    @Test
    void nestedScopesWithSubgroupsInsideAnOuterDoubleBarrier() throws Exception {
        String path = "/t/nested";
        List<String> ids = Participants.ids(4);
        BarrierHistory h = new BarrierHistory();
        int rounds = 4;
        Participants.run(4, 120, i -> {
            ZooKeeper zk = sessions.open();
            String me = ids.get(i);
            try (ZkDoubleBarrier outer = ZkDoubleBarrier.builder(zk, path)
                            .members(ids)
                            .participantId(me)
                            .listener(recorder(h))
                            .build();
                    ZkBarrier all = outer.innerBarrier("all").build();
                    ZkBarrier pair = outer.innerBarrier(i < 2 ? "left" : "right")
                            .members(i < 2 ? ids.subList(0, 2) : ids.subList(2, 4))
                            .build();
                    ZkDoubleBarrier inner = i < 3
                            ? outer.innerDoubleBarrier("inner")
                                    .members(ids.subList(0, 3))
                                    .build()
                            : null) {
                assertEquals(path + "/inner/all", all.path());
                for (int r = 0; r < rounds; r++) {
                    outer.enter(30, TimeUnit.SECONDS);
                    all.await(30, TimeUnit.SECONDS);
                    pair.await(30, TimeUnit.SECONDS);
                    if (i < 3) {
                        inner.enter(30, TimeUnit.SECONDS);
                        IllegalStateException e = assertThrows(IllegalStateException.class, outer::leave);
                        assertEquals(
                                me + " cannot leave " + path + " while inside the inner double barrier " + path
                                        + "/inner/inner",
                                e.getMessage());
                        inner.leave(30, TimeUnit.SECONDS);
                    }
                    outer.leave(30, TimeUnit.SECONDS);
                }
                IllegalStateException e = assertThrows(IllegalStateException.class, all::await);
                assertEquals(
                        "nested barrier " + path + "/inner/all may be used only while " + me + " is inside " + path,
                        e.getMessage());
            }
            return null;
        });
        Set<String> all = new HashSet<>(ids);
        assertEquals(rounds, h.check(path + ":enter", all));
        assertEquals(rounds, h.check(path + "/inner/all", all));
        assertEquals(rounds, h.check(path + "/inner/left", Set.of("p1", "p2")));
        assertEquals(rounds, h.check(path + "/inner/right", Set.of("p3", "p4")));
        assertEquals(rounds, h.check(path + "/inner/inner:enter", Set.of("p1", "p2", "p3")));
        assertEquals(rounds, h.check(path + "/inner/inner:leave", Set.of("p1", "p2", "p3")));
        // every inner pass lies inside the outer scope of the same participant
        for (BarrierHistory.Entry e : h.entries()) {
            if (e.barrier().startsWith(path + "/inner/") && e.kind().equals("pass")) {
                long entered = h.entries().stream()
                        .filter(x -> x.barrier().equals(path + ":enter")
                                && x.kind().equals("pass")
                                && x.participant().equals(e.participant())
                                && x.seq() < e.seq())
                        .count();
                long leftOuter = h.entries().stream()
                        .filter(x -> x.barrier().equals(path + ":leave")
                                && x.kind().equals("arrive")
                                && x.participant().equals(e.participant())
                                && x.seq() < e.seq())
                        .count();
                assertEquals(entered - 1, leftOuter, "inner pass outside the outer scope: " + e);
            }
        }
    }

    @Test
    void innerMembersMustBeASubsetOfTheOuterMembers() throws Exception {
        ZooKeeper zk = sessions.open();
        try (ZkDoubleBarrier outer = ZkDoubleBarrier.builder(zk, "/t/subset")
                .members(List.of("a", "b"))
                .participantId("a")
                .build()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> outer.innerBarrier("x").members(List.of("a", "z")).build());
            assertEquals(
                    "member 'z' of nested barrier /t/subset/inner/x is not a member of the outer barrier"
                            + " /t/subset (members [a, b])",
                    e.getMessage());
            IllegalStateException s = assertThrows(IllegalStateException.class, outer::leave);
            assertEquals("a is not inside /t/subset; call enter() first", s.getMessage());
        }
    }
}
