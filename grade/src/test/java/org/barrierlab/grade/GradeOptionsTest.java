package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.barrierlab.grade.plan.Check;
import org.junit.jupiter.api.Test;

/** The sweep is not a phase: it runs beside the phases' checks, alone with --only sweep, never with another --only. */
class GradeOptionsTest {

    private static GradeOptions options(Check only, List<Integer> sweep) {
        return new GradeOptions(List.of("lib"), Set.of(1, 2, 3, 4, 5), only, 3, 1, Set.of(), Path.of("out"), sweep);
    }

    @Test
    void theSweepRunsBesideThePhasesAndNeverAsOneOfThem() {
        GradeOptions full = options(null, List.of(8, 2, 4, 2));
        assertFalse(full.checks().contains(Check.SWEEP));
        assertEquals(Check.values().length - 1, full.checks().size());
        assertEquals(List.of(2, 4, 8), full.sweepSizes(), "ascending, each N once");
    }

    @Test
    void onlySweepRunsTheSweepAloneAndAnotherOnlyRunsNoSweep() {
        assertEquals(List.of(), options(Check.SWEEP, List.of(4)).checks());
        assertEquals(List.of(4), options(Check.SWEEP, List.of(4)).sweepSizes());
        assertEquals(List.of(Check.REUSE), options(Check.REUSE, List.of(4)).checks());
        assertEquals(List.of(), options(Check.REUSE, List.of(4)).sweepSizes());
    }

    @Test
    void sweepSizesOutOfRangeAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options(null, List.of(2, 17)));
        assertEquals("sweep sizes must be between 2 and 16, was 17", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options(null, List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> options(Check.SWEEP, List.of()));
    }
}
