package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.barrierlab.launcher.run.Durations;
import org.barrierlab.launcher.run.RunSpecException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command and every option explains itself; bad input is one line and exit code 2. */
class HelpTextTest {

    @Test
    void everyCommandAndEveryOptionHasADescription() {
        List<String> missing = new ArrayList<>();
        visit(BarrierLabCommand.newCommandLine(), missing);
        assertTrue(missing.isEmpty(), "without a description: " + missing);
    }

    private static void visit(CommandLine cl, List<String> missing) {
        CommandSpec spec = cl.getCommandSpec();
        if (String.join("", spec.usageMessage().description()).isBlank()) {
            missing.add(spec.qualifiedName());
        }
        for (OptionSpec o : spec.options()) {
            if (String.join("", o.description()).isBlank()) {
                missing.add(spec.qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            visit(sub, missing);
        }
    }

    @Test
    void everyCommandAnswersHelpWithExitCodeZero() {
        CommandLine root = BarrierLabCommand.newCommandLine();
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            StringWriter out = new StringWriter();
            CommandLine cl = BarrierLabCommand.newCommandLine();
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute(name, "--help"), name + " --help");
            assertTrue(out.toString().contains("Usage: barrierlab " + name), out.toString());
        }
    }

    @Test
    void unknownOptionIsOneClearLineWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = BarrierLabCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("zk", "--bogus"));
        String text = err.toString();
        assertEquals("barrierlab: Unknown option: '--bogus' (see 'barrierlab zk --help')", text.trim());
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertFalse(text.contains("Exception"), "no stack trace: " + text);
    }

    @Test
    void valueOfTheWrongTypeIsOneLineWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = BarrierLabCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("zk", "--port", "abc"));
        String text = err.toString();
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("barrierlab: Invalid value for option '--port': 'abc' is not an int"), text);
    }

    @Test
    void badValueIsReportedWithTheOptionNameAndExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = BarrierLabCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("zk", "--ensemble", "9"));
        assertEquals(
                "barrierlab zk: --ensemble must be between 1 and 7, was 9",
                err.toString().trim());
    }

    @Test
    void durationsAcceptTheDocumentedFormsOnly() {
        assertEquals(java.time.Duration.ofSeconds(5), Durations.parse("5s", "--x"));
        assertEquals(java.time.Duration.ofMillis(500), Durations.parse("500ms", "--x"));
        assertEquals(java.time.Duration.ofMinutes(2), Durations.parse("2m", "--x"));
        RunSpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                RunSpecException.class, () -> Durations.parse("5 seconds", "--deadline"));
        assertEquals("--deadline must be a duration like 500ms, 5s, 2m or 1h, was '5 seconds'", e.getMessage());
    }
}
