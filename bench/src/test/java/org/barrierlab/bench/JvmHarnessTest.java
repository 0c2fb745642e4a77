package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;

/** Participants as separate JVMs cross a real barrier and report their counters. */
class JvmHarnessTest {

    @Test
    void twoParticipantJvmsCrossBackToBack() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0)) {
            Measurement m = JvmHarness.run("curator", zk.connectString(), "/jvm-test", 2, 5, 10_000);
            assertFalse(m.stopped, "participant JVMs failed: " + m.notes);
            assertEquals(5, m.freeLatencyMs.size());
            assertTrue(m.throughput > 0);
            assertTrue(m.freeCost.requests() > 0, "counters reported by the JVMs");
        }
    }
}
