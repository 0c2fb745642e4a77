package org.barrierlab.runmodel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run-start attribute that declares a scenario's barriers: round trip and bad values. */
class DeclaredBarrierTest {

    @Test
    void encodesAndDecodesEveryField() {
        List<DeclaredBarrier> in = List.of(
                new DeclaredBarrier("/barriers/festival", ScopeKind.DOUBLE, List.of()),
                new DeclaredBarrier("/barriers/festival/inner/band-a", ScopeKind.SIMPLE, List.of("p1", "p3")));
        assertEquals(in, DeclaredBarrier.decode(DeclaredBarrier.encode(in)));
        assertTrue(DeclaredBarrier.decode("").isEmpty());
        assertTrue(DeclaredBarrier.decode(null).isEmpty());
    }

    @Test
    void aBadEntryIsNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DeclaredBarrier.decode("/barriers/x|triple|"));
        assertEquals("declared barrier kind must be simple or double, was triple", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeclaredBarrier.decode("/barriers/x"));
        assertEquals("declared barrier must be path|kind|members, was /barriers/x", e.getMessage());
    }
}
