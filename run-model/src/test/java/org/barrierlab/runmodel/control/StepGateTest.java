package org.barrierlab.runmodel.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepGateTest {

    @Test
    void gateDataRoundTripsAndToleratesGarbage() {
        assertEquals("mode=step speed=2.5", StepGate.encode(true, 2.5));
        assertArrayEquals(new double[] {1, 2.5}, StepGate.parse(StepGate.encode(true, 2.5)));
        assertArrayEquals(new double[] {0, 1.0}, StepGate.parse("mode=run speed=1.0"));
        assertArrayEquals(new double[] {0, 1.0}, StepGate.parse("mode=run speed=-3"));
        assertArrayEquals(new double[] {0, 1.0}, StepGate.parse(""));
    }

    @Test
    void aPersonalGrantIsForItsParticipantOnlyAndAnOpenOneForAnybody() {
        assertTrue(StepGate.mayTake("grant-0000000007", "p1"));
        assertTrue(StepGate.mayTake("grant-p3-0000000008", "p3"));
        assertFalse(StepGate.mayTake("grant-p3-0000000008", "p1"));
        assertFalse(StepGate.mayTake("grant-p3-0000000008", "p"));
        assertTrue(StepGate.mayTake("grant-band-a-0000000009", "band-a"));
        assertFalse(StepGate.mayTake("other-0000000001", "p1"));
        assertFalse(StepGate.mayTake("grant-", "p1"));
    }

    @Test
    void stepNamesWhoMovesNextInTheControlChannel() {
        assertEquals(new ControlCommand("step", "p3"), ControlCommand.parse("step p3"));
        assertEquals(new ControlCommand("step", ""), ControlCommand.parse("step"));
        assertThrows(IllegalArgumentException.class, () -> ControlCommand.parse("step p3 p4"));
        assertThrows(IllegalArgumentException.class, () -> ControlCommand.parse("step ../p3"));
    }
}
