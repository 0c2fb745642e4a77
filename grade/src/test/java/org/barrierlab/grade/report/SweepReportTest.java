package org.barrierlab.grade.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.barrierlab.grade.CheckResult;
import org.barrierlab.grade.Grade;
import org.barrierlab.grade.GradeOptions;
import org.barrierlab.grade.Grader;
import org.barrierlab.grade.Outcome;
import org.barrierlab.grade.plan.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost sweep end to end: lib's and the tutorial's double barriers entered and left by real
 * participant JVMs at N = 2 and 4 on a real ZooKeeper, and the report drawn from that run. Our
 * barrier wakes each waiter exactly once, the tutorial's wakes its waiters at every arrival and
 * departure; the HTML holds one line per implementation in each chart, at the counted numbers.
 */
class SweepReportTest {

    @TempDir
    Path out;

    @Test
    @Timeout(300)
    void theReportPlotsTheCountedSweepWithOneSeriesPerImplementation() throws Exception {
        List<Integer> sizes = List.of(2, 4);
        GradeOptions options = new GradeOptions(
                List.of("lib", "tutorial"), Set.of(1, 2, 3, 4, 5), Check.SWEEP, 3, 21, Set.of(), out, sizes);
        List<Grade> grades = Grader.run(options, line -> {});
        Grade lib = grades.get(0);
        Grade tutorial = grades.get(1);
        assertTrue(lib.results().isEmpty(), "--only sweep runs no phase check");
        for (int n : sizes) {
            CheckResult r = lib.sweepAt(n).orElseThrow();
            assertEquals(Outcome.PASS, r.outcome(), r.toString());
            assertEquals(6 * n, r.costs().crossings(), "N=" + n + ": 3 rounds of N enters and N leaves counted");
            assertEquals(1.0, r.costs().wakeupsPerWaiter(), 1e-9, "lib wakes each waiter once at N=" + n + ": " + r);
        }
        CheckResult t4 = tutorial.sweepAt(4).orElseThrow();
        assertEquals(Outcome.PASS, t4.outcome(), t4.toString());
        assertTrue(
                t4.costs().wakeupsPerWaiter() > 1.0,
                "the tutorial wakes its waiters more than once at N=4: " + t4.costs());

        String html = HtmlReport.render(grades);
        assertEquals(2, count(html, "<svg class=\"chart\""), "a wake-ups chart and a requests chart");
        assertEquals(4, count(html, "<polyline class=\"series\""), "one line per implementation per chart");
        for (Grade g : grades) {
            assertEquals(2, count(html, "<polyline class=\"series\" data-impl=\"" + g.impl() + "\""), g.impl());
            for (int n : sizes) {
                CheckResult r = g.sweepAt(n).orElseThrow();
                String wakeups = SweepPlot.pointTitle(
                        g, n, "wake-ups per waiter", r.costs().wakeupsPerWaiter());
                String requests = SweepPlot.pointTitle(
                        g, n, "requests per crossing", r.costs().requestsPerCrossing());
                assertTrue(html.contains(wakeups), "the plot shows the counted " + wakeups);
                assertTrue(html.contains(requests), "the plot shows the counted " + requests);
            }
        }
        String text = TerminalReport.render(grades);
        assertTrue(text.contains("cost against N"), text);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
