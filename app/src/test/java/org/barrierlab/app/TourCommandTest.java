package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tour's CLI contract: bad input is one line and exit code 2; headless, a verdict per chapter. */
class TourCommandTest {

    @Test
    @Timeout(30)
    void unknownStartChapterIsOneLineExitCode2() {
        DemoCommandTest.Result r = DemoCommandTest.run("tour", "--from", "nosuch", "--headless");
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(
                lines.get(0).contains("--from must be one of the tour's chapters")
                        && lines.get(0).contains("was 'nosuch'")
                        && lines.get(0).contains("tutorial-race"),
                lines.get(0));
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals("", r.out(), "no verdict for a tour that did not start");
    }

    @Test
    @Timeout(30)
    void missingStartChapterIsOneLineExitCode2() {
        DemoCommandTest.Result r = DemoCommandTest.run("tour", "--from");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    @Timeout(120)
    void headlessTourFromTheLastChapterPrintsItsVerdict() {
        DemoCommandTest.Result r =
                DemoCommandTest.run("tour", "--headless", "--from", "mutex", "-n", "2", "--speed", "20");
        assertEquals(0, r.code(), r.err());
        List<String> verdicts =
                r.outLines().stream().filter(l -> l.contains("verdict:")).toList();
        assertEquals(1, verdicts.size(), r.out());
        assertTrue(verdicts.get(0).startsWith("chapter 9/9 mutex: verdict: "), verdicts.get(0));
    }
}
