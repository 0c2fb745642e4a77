package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code --hosts} path with a remote-shell template that runs the command locally ({@code
 * sh -c}, host exported for show): participants start through the template, their output comes
 * back prefixed, a kill goes through the template ({@code kill -9} of the JVM's own pid), and a
 * failing host is named.
 */
class RemoteShellRunTest {

    private static final String LOCAL_SHELL = "env BARRIERLAB_HOST={host} sh -c";

    @Test
    @Timeout(120)
    void participantsRunThroughTheRemoteShellRoundRobin() throws Exception {
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(2)
                .speed(20)
                .hosts(List.of("node-a", "node-b"))
                .remoteShell(LOCAL_SHELL)
                .build();
        try (Run run = Run.start(spec)) {
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
            List<String> hosts = run.history().stream()
                    .filter(e -> e.is(EventType.SPAWN))
                    .map(e -> e.participant() + "@" + e.attr("host"))
                    .toList();
            assertEquals(List.of("p1@node-a", "p2@node-b", "p3@node-a"), hosts);
        }
    }

    @Test
    @Timeout(120)
    void killGoesThroughTheRemoteShell() throws Exception {
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(3)
                .speed(20)
                .hosts(List.of("node-a"))
                .remoteShell(LOCAL_SHELL)
                .kill(KillSpec.parse("p1@2"))
                .build();
        Verdict v = RunTesting.runToVerdict(spec);
        assertEquals("verdict: BROKEN /barriers/stroke generation 1: p1 died", v.line());
    }

    @Test
    @Timeout(60)
    void aFailingHostIsNamed() throws Exception {
        RunSpec spec = RunSpec.builder("simple")
                .participants(2)
                .rounds(1)
                .hosts(List.of("node-x"))
                .remoteShell("sh -c 'echo cannot reach {host} >&2; exit 255' --")
                .build();
        Verdict v = RunTesting.runToVerdict(spec);
        assertEquals(Verdict.Outcome.FAIL, v.outcome(), v.line());
        assertTrue(v.detail().contains("p1 exited with code 255 on host node-x: cannot reach node-x"), v.line());
        assertTrue(ParticipantMain.EXIT_OK != 255);
    }
}
