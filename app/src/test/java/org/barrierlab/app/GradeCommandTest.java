package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to {@code barrierlab grade}: one line naming the problem, exit code 2, no run started. */
class GradeCommandTest {

    private String err;

    private int run(String... args) {
        CommandLine cl = BarrierLabCommand.newCommandLine();
        StringWriter e = new StringWriter();
        cl.setErr(new PrintWriter(e));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        err = e.toString();
        return code;
    }

    private void assertOneLine(String expected) {
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.contains(expected), err);
    }

    @Test
    void anUnknownImplementationIsOneLine() {
        assertEquals(2, run("grade", "--impl", "nosuch"));
        assertOneLine("--impl must be lib, curator, tutorial or the path of a jar, was 'nosuch'");
    }

    @Test
    void aMissingJarIsOneLine() {
        assertEquals(2, run("grade", "--impl", "/nonexistent/group.jar"));
        assertOneLine("no such jar file: /nonexistent/group.jar");
    }

    @Test
    void anUnknownCheckIsOneLine() {
        assertEquals(2, run("grade", "--impl", "lib", "--only", "bogus"));
        assertOneLine("--only must be one of crossing,");
    }

    @Test
    void aPhaseOutOfRangeIsOneLine() {
        assertEquals(2, run("grade", "--impl", "lib", "--phase", "6"));
        assertOneLine("--phase must be between 1 and 5, was 6");
    }

    @Test
    void implAndCompareTogetherIsOneLine() {
        assertEquals(2, run("grade", "--impl", "lib", "--compare", "lib,curator"));
        assertOneLine("give exactly one of --impl IMPL or --compare IMPL,IMPL,...");
    }

    @Test
    void aSweepSizeOutOfRangeIsOneLine() {
        assertEquals(2, run("grade", "--impl", "lib", "--sweep", "2,64"));
        assertOneLine("--sweep must be 'none' or sizes between 2 and 16 separated by commas, was '2,64'");
    }

    @Test
    void aSweepThatIsNotANumberIsOneLine() {
        assertEquals(2, run("grade", "--impl", "lib", "--sweep", "2,four"));
        assertOneLine("--sweep must be 'none' or sizes between 2 and 16 separated by commas, was '2,four'");
    }
}
