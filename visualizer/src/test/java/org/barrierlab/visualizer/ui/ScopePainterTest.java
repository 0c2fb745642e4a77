package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Member lists fit one line of a barrier's box instead of being cut ("p1, p3, p5, p..."). */
class ScopePainterTest {

    @Test
    void aBandOfEveryOtherParticipantShowsItsEndsAndCount() {
        assertEquals(
                "p1, p3, \u2026, p15 (8)",
                ScopePainter.compactMembers(List.of("p1", "p3", "p5", "p7", "p9", "p11", "p13", "p15")));
        assertEquals(
                "p2, p4, \u2026, p32 (16)",
                ScopePainter.compactMembers(List.of(
                        "p2", "p4", "p6", "p8", "p10", "p12", "p14", "p16", "p18", "p20", "p22", "p24", "p26", "p28",
                        "p30", "p32")));
    }

    @Test
    void shortAndIrregularListsAreKeptOrCounted() {
        assertEquals("p1, p3", ScopePainter.compactMembers(List.of("p1", "p3")));
        assertEquals("p1, p2, p7, p9, p10", ScopePainter.compactMembers(List.of("p1", "p2", "p7", "p9", "p10")));
        assertEquals(
                "p1, p2, p7, p9, \u2026 (7)",
                ScopePainter.compactMembers(List.of("p1", "p2", "p7", "p9", "p10", "p12", "p20")));
        assertEquals("a, b, c, d, e, f", ScopePainter.compactMembers(List.of("a", "b", "c", "d", "e", "f")));
    }
}
