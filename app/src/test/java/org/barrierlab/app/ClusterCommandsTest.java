package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.barrierlab.launcher.cluster.ServerFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * doctor, cleanup and the cluster options of demo and zk without a cluster: misconfigurations
 * are one line with exit code 2 before anything starts, and doctor's checks run for real through
 * a remote-shell template that runs the probe on this machine ({@code sh -c}).
 */
class ClusterCommandsTest {

    private static final String LOCAL_SHELL = "env BARRIERLAB_HOST={host} sh -c";

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BarrierLabCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "demo simple --hosts n1 --remote-shell ssh|--remote-shell must contain {host}",
                "demo simple --hosts n1 --remote-shell=nosuch-shell-command {host}|--remote-shell command"
                        + " 'nosuch-shell-command' is not found on this machine",
                "doctor --hosts n1 --remote-shell ssh|--remote-shell must contain {host}",
                "cleanup --hosts n1 --remote-shell=nosuch-shell-command {host}|is not found on this machine",
                "zk --hosts n1 --remote-shell ssh|--remote-shell must contain {host}",
                "demo simple --kill-server 2@1s|--kill-server needs an ensemble that survives a server",
                "demo simple --ensemble 3 --kill-server 4@1s|server 4 does not exist",
                "demo simple --ensemble 3 --kill-server 2|--kill-server must be ID@DURATION",
                "demo simple --zk 127.0.0.1:1 --kill-server 2@1s|--kill-server needs servers this launcher starts",
                "demo simple --ensemble 9|--ensemble must be between 1 and 7",
                "demo simple --ensemble 3 --zk 127.0.0.1:1|--ensemble starts servers for this run; it cannot be"
                        + " combined with --zk",
                "zk --hosts n1 --bind 0.0.0.0|--bind and --advertise are for servers on this machine",
                "zk --bind 192.0.2.254|--bind '192.0.2.254' is not an address of this machine",
            })
    @Timeout(30)
    void misconfigurationIsOneLineAndExitCode2(String args, String message) {
        Result r = run(split(args));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    /** Splits on spaces, except inside the value of an {@code --option=value with spaces} word. */
    private static String[] split(String args) {
        List<String> words = new java.util.ArrayList<>();
        for (String part : args.split(" (?=--)")) {
            if (part.startsWith("--") && part.contains("=")) {
                words.add(part);
            } else {
                words.addAll(List.of(part.split(" ")));
            }
        }
        return words.toArray(String[]::new);
    }

    @Test
    @Timeout(60)
    void doctorProbesANodeThroughTheRemoteShellAndNamesARemoteShellFailure() {
        Result ok = run("doctor", "--hosts", "here", "--remote-shell", LOCAL_SHELL);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(
                ok.out()
                        .startsWith(
                                "here: ok (ssh ok, java " + Runtime.version().feature()),
                ok.out());
        assertTrue(ok.out().contains("files at the same path"), ok.out());

        Result unknown = run(
                "doctor",
                "--hosts",
                "n9",
                "--remote-shell",
                "sh -c 'echo ssh: Could not resolve hostname {host}: Name or service not known >&2; exit 255' --");
        assertEquals(1, unknown.code(), unknown.out());
        assertTrue(
                unknown.out()
                        .startsWith("n9: FAIL the remote shell failed with exit code 255: ssh: Could not resolve"
                                + " hostname n9"),
                unknown.out());
        assertTrue(unknown.out().contains("(fix: "), unknown.out());
    }

    @Test
    @Timeout(60)
    void doctorNamesALoopbackConnectStringAsTheTrapItIs() {
        Result r = run("doctor", "--hosts", "here", "--remote-shell", LOCAL_SHELL, "--zk", "127.0.0.1:2181");
        assertEquals(1, r.code(), r.out());
        assertTrue(
                r.out()
                        .contains("ZooKeeper 127.0.0.1:2181 is a loopback address: from the node it is the node"
                                + " itself"),
                r.out());
    }

    @Test
    void serverFaultsParse() {
        assertEquals(new ServerFault("2", Duration.ofSeconds(5), false), ServerFault.parse("2@5s", false));
        assertEquals(
                new ServerFault("leader", Duration.ofMillis(500), false), ServerFault.parse("leader@500ms", false));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ServerFault.parse("leader@5s", true));
        assertEquals("--restart-server needs a server id, not 'leader'", e.getMessage());
    }
}
