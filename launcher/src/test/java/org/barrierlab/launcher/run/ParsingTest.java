package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.control.ControlCommand;
import org.junit.jupiter.api.Test;

/** Kill specs, control commands and verdict lines: the small languages of the launcher. */
class ParsingTest {

    @Test
    void killSpecs() {
        assertEquals(new KillSpec("p2", 3, null), KillSpec.parse("p2@3"));
        assertEquals(new KillSpec("p2", 0, Duration.ofSeconds(5)), KillSpec.parse("p2@5s"));
        assertEquals(new KillSpec("p10", 0, Duration.ofMillis(1500)), KillSpec.parse("p10@1500ms"));
        assertThrows(IllegalArgumentException.class, () -> KillSpec.parse("p2"));
        assertThrows(IllegalArgumentException.class, () -> KillSpec.parse("p2@0"));
        assertThrows(IllegalArgumentException.class, () -> KillSpec.parse("@3"));
        assertThrows(RunSpecException.class, () -> KillSpec.parse("p2@soon"));
    }

    @Test
    void controlCommands() {
        assertEquals(new ControlCommand("step", ""), ControlCommand.parse("step"));
        assertEquals(new ControlCommand("speed", "2.5"), ControlCommand.parse(" speed 2.5 \n"));
        assertEquals(new ControlCommand("kill", "p3"), ControlCommand.parse("kill p3"));
        assertEquals(new ControlCommand("restart", "p3"), ControlCommand.parse("restart p3"));
        for (String bad :
                new String[] {"", "jump", "step p2 p3", "step a/b", "speed", "speed fast", "speed 0", "kill", "kill a/b"
                }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ControlCommand.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad.trim() + "'") || bad.endsWith(" a/b"), e.getMessage());
        }
    }

    @Test
    void verdictLinesAndExitCodes() {
        assertEquals("verdict: PASS all good", Verdict.pass("all good").line());
        assertEquals(0, Verdict.pass("x").exitCode());
        assertEquals(1, Verdict.fail("x").exitCode());
        assertEquals(1, Verdict.hung("p1 in leave").exitCode());
        Verdict b = Verdict.broken("/barriers/stroke", 2, "p2");
        assertEquals("verdict: BROKEN /barriers/stroke generation 2: p2 died", b.line());
        assertEquals(3, b.exitCode());
        assertEquals(b, Verdict.parse(b.line()));
        assertThrows(IllegalArgumentException.class, () -> Verdict.parse("verdict: MAYBE x"));
        assertThrows(IllegalArgumentException.class, () -> Verdict.parse("PASS"));
    }
}
