package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.barrierlab.launcher.run.ParticipantStatus;
import org.barrierlab.launcher.run.ParticipantStatus.State;
import org.junit.jupiter.api.Test;

class ProgressTableTest {

    private static final List<ParticipantStatus> NESTED = List.of(
            new ParticipantStatus(
                    "p1", "band A singer", "local", State.WAITING, "/barriers/festival/inner/band-a", 2, 1, -1),
            new ParticipantStatus(
                    "p3",
                    "band A player",
                    "local",
                    State.RUNNING,
                    "/barriers/festival/inner/band-a-backstage",
                    0,
                    1,
                    -1));

    @Test
    void inPlaceTableKeepsColumnsAlignedForLongNestedPaths() {
        StringWriter text = new StringWriter();
        new ProgressTable(new PrintWriter(text), true).onStatus(NESTED);
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
        table.onStatus(NESTED);
        table.onStatus(NESTED); // nothing changed: nothing printed
        List<String> lines = text.toString().lines().toList();
        assertEquals(
                List.of(
                        "p1 waiting /barriers/festival/inner/band-a gen 2",
                        "p3 running /barriers/festival/inner/band-a-backstage gen 0"),
                lines);
        assertFalse(text.toString().contains("\033["), "no ANSI escapes when stdout is not a terminal");
    }
}
