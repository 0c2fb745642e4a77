package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad input to {@code barrierlab bench}: one clear line, exit code 2, nothing run. */
class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--participants=0,x",
                "--participants=1",
                "--participants=2,,4",
                "--participants=",
                "--jvm-participants=100",
                "--rounds=0",
                "--crossings=-1",
                "--step-timeout=5"
            })
    void badInputIsOneLineAndExitCode2(String arg) {
        CommandLine cl = BarrierLabCommand.newCommandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", arg, "--out", "target/bench-never-written");
        assertEquals(2, code, "exit code for " + arg + "; stderr: " + err);
        String text = err.toString().strip();
        assertEquals(1, text.lines().count(), "one line for " + arg + ", was: " + text);
        assertTrue(text.startsWith("barrierlab bench: "), text);
        assertTrue(!text.contains("Exception"), "no stack trace or exception name: " + text);
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,x"})
    void theMessageNamesTheValueAndTheRule(String value) {
        CommandLine cl = BarrierLabCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.execute("bench", "--participants", value);
        assertTrue(err.toString().contains("'0,x'") && err.toString().contains("between 2 and 1024"), err.toString());
    }
}
