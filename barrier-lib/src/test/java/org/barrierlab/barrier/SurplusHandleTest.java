package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingServer;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * Failure class 1: in parties mode a handle beyond the party count (CyclicBarrier allows more
 * threads than parties) is carried into the next crossing <em>of the same kind</em>: a surplus
 * {@code enter} waits for the next round's enter, never lands in a leave phase.
 */
class SurplusHandleTest {

    /** One recorded event with its global order. */
    record Seen(long seq, String who, BarrierEvent.Kind kind, long generation) {}

    @Test
    void surplusHandlesOfADoubleBarrierCarryIntoTheNextEnterAndEveryRoundHasExactlyItsParties() throws Exception {
        int parties = 2;
        int handles = 3;
        int rounds = 6;
        AtomicLong seq = new AtomicLong();
        AtomicInteger crossings = new AtomicInteger();
        List<Seen> history = new CopyOnWriteArrayList<>();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            List<ZkDoubleBarrier> all = new ArrayList<>();
            for (int i = 0; i < handles; i++) {
                String who = "h" + i;
                all.add(ZkDoubleBarrier.builder(sessions.open(), "/t/surplus")
                        .parties(parties)
                        .participantId(who)
                        .listener(e -> history.add(new Seen(seq.incrementAndGet(), who, e.kind(), e.generation())))
                        .build());
            }
            // Who pairs with whom is up to the race, so a handle may starve; everybody goes on until
            // enough rounds were completed, and the one left waiting alone at the end times out.
            Participants.run(handles, 90, i -> {
                while (crossings.get() < rounds * parties) {
                    try {
                        all.get(i).enter(5, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        assertTrue(crossings.get() >= rounds * parties, "h" + i + " starved before the end");
                        return null;
                    }
                    all.get(i).leave(10, TimeUnit.SECONDS);
                    crossings.incrementAndGet();
                }
                return null;
            });
            all.forEach(ZkDoubleBarrier::close);
        }
        for (Seen s : history) {
            assertTrue(s.kind() != BarrierEvent.Kind.BROKEN, "spurious break: " + s + " in " + history);
        }
        checkPhase(history, BarrierEvent.Kind.ENTER, BarrierEvent.Kind.ENTERED, parties);
        checkPhase(history, BarrierEvent.Kind.LEAVE, BarrierEvent.Kind.LEFT, parties);
        // a handle leaves exactly the round it entered
        Map<String, Long> inside = new HashMap<>();
        for (Seen s : history) {
            if (s.kind() == BarrierEvent.Kind.ENTERED) {
                inside.put(s.who(), s.generation());
            } else if (s.kind() == BarrierEvent.Kind.LEFT) {
                assertEquals(inside.remove(s.who()), s.generation(), s.who() + " left a round it did not enter");
            }
        }
        assertTrue(history.stream()
                        .filter(s -> s.kind() == BarrierEvent.Kind.LEFT)
                        .mapToLong(Seen::generation)
                        .distinct()
                        .count()
                >= rounds);
    }

    /** Per generation: exactly {@code parties} passes, each after the parties-th arrival of that generation. */
    private static void checkPhase(List<Seen> history, BarrierEvent.Kind arrive, BarrierEvent.Kind pass, int parties) {
        Map<Long, List<Seen>> arrivals = new HashMap<>();
        Map<Long, List<Seen>> passes = new HashMap<>();
        for (Seen s : history) {
            if (s.kind() == arrive) {
                arrivals.computeIfAbsent(s.generation(), g -> new ArrayList<>()).add(s);
            } else if (s.kind() == pass) {
                passes.computeIfAbsent(s.generation(), g -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Long, List<Seen>> g : passes.entrySet()) {
            List<Seen> p = g.getValue();
            assertEquals(parties, p.size(), pass + " of generation " + g.getKey() + ": " + p);
            List<Seen> a = arrivals.getOrDefault(g.getKey(), List.of());
            assertTrue(a.size() >= parties, "generation " + g.getKey() + " passed with arrivals " + a);
            long enough = a.get(parties - 1).seq();
            for (Seen s : p) {
                assertTrue(s.seq() > enough, s + " passed before " + parties + " arrived: " + a);
            }
        }
    }
}
