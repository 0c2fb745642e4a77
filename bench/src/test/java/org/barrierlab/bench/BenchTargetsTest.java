package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTargetsTest {

    private static BenchRow row(
            String impl, String kind, int n, Double lat, Double thr, double req, double wake, double bytes) {
        return new BenchRow(impl, kind, n, lat, lat, thr, req, 1.0, wake, bytes);
    }

    private static List<BenchRow> run(double awaitLatency, double enterLeaveThroughput, double requests, double bytes) {
        List<BenchRow> rows = new ArrayList<>();
        for (int n : List.of(2, 64)) {
            rows.add(row("floor", "await", n, 10.0, null, 1, 1, 0));
            rows.add(row("barrierlab", "await", n, n == 64 ? awaitLatency : 10.0, 100.0, requests, 1, bytes));
            rows.add(row("barrierlab", "enter", n, 10.0, null, 2.0, 1, 0));
            rows.add(row("barrierlab", "leave", n, 10.0, null, 2.0, 1, 0));
            rows.add(row("barrierlab", "enter+leave", n, 20.0, n == 64 ? enterLeaveThroughput : 200.0, 4.0, 1, 0));
            rows.add(row("curator", "enter+leave", n, 40.0, 100.0, 8.0, 1, 0));
        }
        return rows;
    }

    /** Our critical path at N = 2 and 64: requests per waiter at 64, bytes on the path at 2. */
    private static List<CriticalPath> path(double waiterRequestsAt64, double pathBytesAt2) {
        List<CriticalPath> rows = new ArrayList<>();
        for (int n : List.of(2, 64)) {
            for (String kind : List.of("await", "enter", "leave")) {
                rows.add(new CriticalPath(
                        "barrierlab",
                        kind,
                        n,
                        n == 64 && kind.equals("await") ? waiterRequestsAt64 : 2.0,
                        1.0,
                        n == 2 && kind.equals("await") ? pathBytesAt2 : 0,
                        0.5));
            }
            rows.add(new CriticalPath("curator", "await", n, 5.0, 3.0, 9.0, 0));
        }
        return rows;
    }

    @Test
    void aRunAtTheTargetsMeetsEveryOne() {
        String md = BenchTargets.judge(run(12.0, 150.0, 2.0, 0), path(2.0, 0), true);
        assertTrue(!md.contains("missed"), md);
    }

    @Test
    void eachTargetNamesTheNThatMissesIt() {
        String md = BenchTargets.judge(run(12.5, 149.0, 2.1, 3.0), path(2.1, 1.5), true);
        assertTrue(md.contains("floor for await, enter and leave: **missed**: await N=64: 1.25x"), md);
        assertTrue(md.contains("Curator's: **missed**: N=64: 1.49x"), md);
        assertTrue(
                md.contains("on the critical path (its arrival and its one watch; background work counted apart):"
                        + " **missed**: await N=64: 2.10\n"),
                md);
        assertTrue(md.contains("0 bytes read on the critical path: **missed**: await N=2: 1.5\n"), md);
        assertTrue(
                md.contains("0 bytes read per participant, background included (member list): **missed**: await N=2:"
                        + " 3.0"),
                md);
    }

    @Test
    void backgroundBytesAreNotJudgedInPartiesModeButThePathIs() {
        String md = BenchTargets.judge(run(10.0, 200.0, 2.0, 17.0), path(2.0, 0), false);
        assertTrue(md.contains("0 bytes read, background included: not judged in parties mode"), md);
        assertTrue(md.contains("0 bytes read on the critical path: **met**"), md);
    }
}
