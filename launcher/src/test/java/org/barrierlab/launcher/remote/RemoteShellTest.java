package org.barrierlab.launcher.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteShellTest {

    @Test
    void templateWordsHostAndOneQuotedCommand() {
        RemoteShell ssh = RemoteShell.parse("ssh -o BatchMode=yes {host}");
        assertEquals(
                List.of("ssh", "-o", "BatchMode=yes", "n7", "'java' '-cp' '/a b/*' 'it'\\''s'"),
                ssh.command("n7", List.of("java", "-cp", "/a b/*", "it's")));
        assertEquals(
                List.of("sh", "-c", "echo {x}", "--", "'true'"),
                RemoteShell.parse("sh -c 'echo {x}' --").command("h", List.of("true")));
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.parse("  "));
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.parse("ssh 'x"));
    }

    @Test
    void quotedCommandSurvivesARealShell() throws IOException, InterruptedException {
        List<String> argv = RemoteShell.parse("sh -c").command("h", List.of("printf", "%s|", "a b", "it's", "$HOME"));
        Process p = new ProcessBuilder(argv).start();
        assertEquals(true, p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("a b|it's|$HOME|", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
