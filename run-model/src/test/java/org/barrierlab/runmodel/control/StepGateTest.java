package org.barrierlab.runmodel.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
