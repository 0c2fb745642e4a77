package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.junit.jupiter.api.Test;

class ProgressTableTest {

    private static final RunState NESTED = reduce(
            ev("launcher", EventType.RUN_START, "", -1, "participants", "p1,p3"),
            ev("p1", EventType.SPAWN, "", -1, "role", "band A singer", "host", "local", "attempt", "1"),
            ev("p3", EventType.SPAWN, "", -1, "role", "band A player", "host", "local", "attempt", "1"),
            ev("p1", EventType.ARRIVE, "/barriers/festival/inner/band-a", 2),
            ev("p3", EventType.ARRIVE, "/barriers/festival/inner/band-a-backstage", 0),
            ev("p3", EventType.PASS, "/barriers/festival/inner/band-a-backstage", 0, "wakeups", "1"));

    private static long zxid = 1;

    private static TraceEvent ev(String p, EventType t, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        return e;
    }

    private static RunState reduce(TraceEvent... events) {
        return RunReducer.applyAll(RunState.EMPTY, List.of(events));
    }

    @Test
    void inPlaceTableKeepsColumnsAlignedForLongNestedPaths() {
        StringWriter text = new StringWriter();
        new ProgressTable(new PrintWriter(text), true).onState(NESTED);
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString());
        int genColumn = lines.get(0).indexOf("gen");
        assertTrue(genColumn > 0, lines.get(0));
        // Every row's generation sits right-aligned under the header's "gen" column.
        assertEquals('2', lines.get(1).charAt(genColumn + 2), lines.get(1));
        assertEquals('0', lines.get(2).charAt(genColumn + 2), lines.get(2));
        assertEquals(lines.get(1).length(), lines.get(2).length(), "rows have one width");
    }

    @Test
    void plainModePrintsOneLinePerChangeAndNoCursorMovement() {
        StringWriter text = new StringWriter();
        ProgressTable table = new ProgressTable(new PrintWriter(text), false);
        table.onState(NESTED);
        table.onState(NESTED); // nothing changed: nothing printed
        List<String> lines = text.toString().lines().toList();
        assertEquals(
                List.of(
                        "p1 waiting /barriers/festival/inner/band-a gen 2",
                        "p3 passed /barriers/festival/inner/band-a-backstage gen 0"),
                lines);
        assertFalse(text.toString().contains("\033["), "no ANSI escapes when stdout is not a terminal");
    }

    @Test
    void killedParticipantIsDeadWhereItWasAndSurvivorsAreBrokenNotDead() {
        List<TraceEvent> events = new ArrayList<>();
        events.add(ev("launcher", EventType.RUN_START, "", -1, "participants", "p1,p2"));
        events.add(ev("p1", EventType.ARRIVE, "/barriers/stroke", 1));
        events.add(ev("p2", EventType.ARRIVE, "/barriers/stroke", 1));
        events.add(ev("p1", EventType.PASS, "/barriers/stroke", 1));
        events.add(ev("p2", EventType.PASS, "/barriers/stroke", 1));
        events.add(ev("p2", EventType.KILL, "", -1));
        events.add(ev("p2", EventType.EXIT, "", -1, "code", "137"));
        events.add(ev("p1", EventType.ARRIVE, "/barriers/stroke", 2));
        events.add(ev("p1", EventType.BREAK, "/barriers/stroke", 2, "reason", "interrupted"));
        events.add(ev("p1", EventType.EXIT, "", -1, "code", "3"));
        StringWriter text = new StringWriter();
        new ProgressTable(new PrintWriter(text), false).onState(RunReducer.applyAll(RunState.EMPTY, events));
        assertEquals(
                List.of(
                        "p1 broken /barriers/stroke gen 2 (exit 3)",
                        "p2 dead /barriers/stroke gen 1 (killed, exit 137)"),
                text.toString().lines().toList());
    }

    @Test
    void stepModeAt80ColumnsFitsEveryLineAndPromptsWithKeysAndTheLastStep() {
        StringWriter text = new StringWriter();
        ProgressTable table = new ProgressTable(new PrintWriter(text), true, 80);
        List<TraceEvent> events = new ArrayList<>();
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= 16; i++) {
            ids.append(i == 1 ? "" : ",").append("p").append(i);
        }
        events.add(ev("launcher", EventType.RUN_START, "", -1, "participants", ids.toString()));
        for (int i = 1; i <= 16; i++) {
            String scope = "/barriers/festival/inner/band-" + (i % 2 == 1 ? "a" : "b") + "-backstage";
            events.add(ev("p" + i, EventType.SPAWN, "", -1, "role", "band player", "host", "local", "attempt", "1"));
            events.add(ev("p" + i, EventType.ENTER, scope, 12));
            events.add(ev("p" + i, EventType.ENTERED, scope, 12, "wakeups", "3"));
        }
        RunState sixteen = RunReducer.applyAll(RunState.EMPTY, events);
        table.stepMode(true);
        table.onState(sixteen);
        table.onEvent(TraceEvent.of("p3", EventType.STEP_WAIT, "festival", 0).with("op", "enter /barriers/festival"));
        table.onEvent(TraceEvent.of("p3", EventType.STEP, "festival", 0)
                .with("op", "enter /barriers/festival")
                .with("by", "grant"));
        table.onEvent(TraceEvent.of("p5", EventType.STEP_WAIT, "festival", 0)
                .with("op", "leave /barriers/festival/inner/band-a-backstage"));
        table.onState(sixteen);
        String all = text.toString();
        // the last drawing: after the last run of cursor-up/erase sequences
        String last = all.substring(all.lastIndexOf("\033[2K") + "\033[2K".length());
        java.util.List<String> lines = last.lines().toList();
        assertEquals(18, lines.size(), "header, 16 rows and the prompt, drawn once: " + last);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("id ")).count(), "one header");
        for (String l : all.replaceAll("\033\\[[0-9]*[A-Z]", "\n").lines().toList()) {
            assertTrue(l.length() < 80, "fits 80 columns: '" + l + "' (" + l.length() + ")");
        }
        assertTrue(lines.get(1).contains("festival/band-a-backstage"), "short barrier paths: " + lines.get(1));
        String prompt = lines.get(17);
        assertTrue(prompt.startsWith(ProgressTable.STEP_KEYS), prompt);
        assertEquals(
                ProgressTable.STEP_KEYS + " | p3 did enter festival | next: p5 leave festival/band-a-backstage",
                table.prompt());
    }

    @Test
    void classicRunNamesTheLeaderAndTheMutexUnderTheTable() {
        RunState s = reduce(
                ev("launcher", EventType.RUN_START, "", -1, "participants", "p1,p2,p3", "scenario", "mutex"),
                ev("p3", EventType.ELECTION, "election", -1, "clock", "1"),
                ev("p3", EventType.LEADER, "election", -1, "leader", "p3", "clock", "2"),
                ev("p1", EventType.REQUEST, "mutex", -1, "request", "p1-1-r1"),
                ev("p1", EventType.ACQUIRE, "mutex", -1, "request", "p1-1-r1"),
                ev("p2", EventType.REQUEST, "mutex", -1, "request", "p2-1-r1"));
        StringWriter inPlace = new StringWriter();
        new ProgressTable(new PrintWriter(inPlace), true).onState(s);
        assertTrue(
                inPlace.toString().contains("leader p3 | mutex held by p1, queue p2, 1 critical sections"),
                inPlace.toString());
        StringWriter plain = new StringWriter();
        ProgressTable table = new ProgressTable(new PrintWriter(plain), false);
        table.onState(s);
        table.onState(s);
        long leaderLines =
                plain.toString().lines().filter(l -> l.startsWith("leader p3")).count();
        assertEquals(1, leaderLines, "printed once per change: " + plain);
    }
}
