package org.barrierlab.runmodel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** The phase-1 explanation is read from the trace, so two different races read differently. */
class CountRaceTest {

    private static final String OVEN = "/barriers/oven";
    private long zxid = 100;
    private long t = 1_000;
    private final List<TraceEvent> events = new ArrayList<>();

    private void ev(String p, EventType type, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, t += 10, p, type.wireName(), OVEN, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
    }

    private void count(String p, long gen, String children) {
        int n = children.isEmpty() ? 0 : children.split(",").length;
        ev(p, EventType.COUNT, gen, "op", "leave", "count", Integer.toString(n), "want", "0", "children", children);
    }

    /** Batch 1 goes through; in batch 2 {@code first} leaves, then the others, {@code head} comes back. */
    private void race(String head, String victim, String bystander) {
        events.add(new TraceEvent(zxid++, t, "launcher", EventType.RUN_START.wireName(), "", -1, Map.of()));
        for (long b = 1; b <= 2; b++) {
            for (String p : List.of(head, victim, bystander)) {
                ev(p, EventType.ENTER, b);
            }
            for (String p : List.of(head, victim, bystander)) {
                ev(p, EventType.ENTERED, b);
            }
            if (b == 1) {
                for (String p : List.of(victim, bystander, head)) {
                    ev(p, EventType.LEAVE, b);
                }
                for (String p : List.of(victim, bystander, head)) {
                    count(p, b, "");
                    ev(p, EventType.LEFT, b);
                }
            }
        }
        ev(victim, EventType.LEAVE, 2);
        count(victim, 2, String.join(",", new java.util.TreeSet<>(List.of(head, bystander))));
        ev(bystander, EventType.LEAVE, 2);
        count(bystander, 2, head);
        ev(head, EventType.LEAVE, 2);
        count(head, 2, "");
        ev(head, EventType.LEFT, 2);
        count(bystander, 2, "");
        ev(bystander, EventType.LEFT, 2);
        ev(head, EventType.ENTER, 3);
        ev(bystander, EventType.ENTER, 3);
        count(victim, 2, head + "," + bystander);
    }

    @Test
    void namesTheStuckTheReturnerAndTheRacyCountOfThisTrace() {
        race("p1", "p3", "p2");
        CountRace r = CountRace.find(events).orElseThrow();
        assertEquals(List.of("p3"), r.stuckLeaving());
        assertEquals("p1", r.returner());
        assertEquals(List.of("p1", "p2"), r.stuckEntering());
        assertEquals(2, r.batch());
        CountRace.Step racy = r.racyStep();
        assertEquals("p3", racy.participant());
        assertEquals(events.get(events.size() - 1).zxid(), racy.zxid());
        assertTrue(racy.what().contains("p1's node here is a NEW one"), racy.what());
        String text = r.text();
        assertTrue(text.contains("p1 reads 0 children: the room is empty"), text);
        assertTrue(text.contains("p1 walks straight back in: enters batch 3"), text);
        assertTrue(text.contains("p3 waits for an empty room in batch 2 forever"), text);
        assertTrue(text.contains("p1, p2 wait for a full room in batch 3"), text);
        // the order of the steps is the trace's
        assertTrue(text.indexOf("p3 leaves batch 2") < text.indexOf("p1 leaves batch 2"), text);
        assertTrue(text.indexOf("p1 walks straight back") < text.indexOf(">>"), text);
    }

    @Test
    void anotherRunTellsAnotherStory() {
        race("p2", "p4", "p1");
        CountRace r = CountRace.find(events).orElseThrow();
        assertEquals(List.of("p4"), r.stuckLeaving());
        assertEquals("p2", r.returner());
        assertEquals("p4", r.racyStep().participant());
        assertTrue(r.text().contains("p2 walks straight back in"), r.text());
    }

    @Test
    void aRunWhereEverybodyLeftHasNoRace() {
        race("p1", "p3", "p2");
        ev("p3", EventType.LEFT, 2);
        ev("p3", EventType.ENTER, 3);
        assertEquals(Optional.empty(), CountRace.find(events));
    }

    @Test
    void aTraceWithoutCountsStillNamesTheOrder() {
        race("p1", "p3", "p2");
        events.removeIf(e -> e.is(EventType.COUNT));
        CountRace r = CountRace.find(events).orElseThrow();
        assertEquals("p1", r.returner());
        assertEquals(List.of("p3"), r.stuckLeaving());
        assertTrue(
                r.racyStep().what().startsWith("re-counts after p1's return"),
                r.racyStep().what());
    }
}
