package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passes split each N's rounds and crossings and add up into one measurement per contender: the
 * costs of a two-pass run are those of a one-pass run, and throughput is the median of the passes.
 */
class BenchPassesTest {

    @Test
    void passesShareTheRoundsAndAddUpToTheSameCosts(@TempDir Path out) throws Exception {
        BenchResults one = BenchRunner.run(config(out.resolve("one"), 1, false));
        BenchResults two = BenchRunner.run(config(out.resolve("two"), 2, true));
        for (Measurement m : two.threads) {
            assertFalse(m.stopped && !m.impl.equals("tutorial"), m.impl + " ran: " + m.notes);
            if (m.stopped) {
                continue;
            }
            assertEquals(4, m.measuredRounds, m.impl + " " + m.dbl + ": 2 passes of 2 rounds");
            if (!m.impl.equals("floor") && !m.impl.equals("tutorial")) {
                assertEquals(2, m.passThroughput.size(), m.impl + ": one throughput per pass");
                assertEquals(12, m.throughputCrossings, m.impl + ": 2 passes of 6 crossings");
            }
        }
        List<BenchRow> rowsOne = BenchReport.rows(one);
        List<BenchRow> rowsTwo = BenchReport.rows(two);
        for (String impl : List.of("floor", "barrierlab")) {
            BenchRow a = find(rowsOne, impl, "await");
            BenchRow b = find(rowsTwo, impl, "await");
            assertEquals(
                    a.requestsPerParticipant(),
                    b.requestsPerParticipant(),
                    0.26,
                    impl + ": requests per participant do not depend on the number of passes");
            assertEquals(a.wakeupsPerWaiter(), b.wakeupsPerWaiter(), 0.26, impl + ": wake-ups per waiter");
        }
        String md = BenchReport.markdown(two, rowsTwo);
        assertTrue(md.contains("measured in 2 passes"), "the report says how many passes");
        assertTrue(md.contains("JIT warm-up"), "the report says the contenders were warmed up");
    }

    @Test
    void throughputIsTheMedianOfThePasses() {
        Measurement m = new Measurement("barrierlab", false, 2);
        m.addPass(100, 10, Counts.ZERO);
        m.addPass(300, 10, Counts.ZERO);
        m.addPass(120, 10, Counts.ZERO);
        assertEquals(120, m.throughput, 1e-9);
        assertEquals(30, m.throughputCrossings);
    }

    private static BenchConfig config(Path out, int passes, boolean jitWarmup) {
        return new BenchConfig(List.of(4), 4, 1, 12, List.of(), false, 2_000, out, false, false, passes, jitWarmup);
    }

    private static BenchRow find(List<BenchRow> rows, String impl, String kind) {
        return rows.stream()
                .filter(r -> r.impl().equals(impl) && r.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + impl + " " + kind));
    }
}
