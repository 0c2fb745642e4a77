package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The CLI contract: verdict line on stdout, exit codes 0/1/2/3, one clear line for bad input. */
class DemoCommandTest {

    /** Result of one in-process command. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

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
                "demo nosuch|unknown scenario 'nosuch'",
                "demo simple -n 0|--participants must be between 1 and 64",
                "demo restricted -n 1|--participants must be between 2 and 64",
                "demo simple --speed 0|--speed must be between 0.01 and 1000",
                "demo simple --rounds -1|--rounds must be",
                "demo simple --rounds 0|--rounds must be between 1 and 10000, was 0",
                "demo simple --hosts ',,'|--hosts must be a comma-separated list of host names, was ',,'",
                "demo simple --record /tmp|--record /tmp is a directory; give a file name",
                "demo simple --record /nonexistent/dir/f|--record /nonexistent/dir/f: directory /nonexistent/dir"
                        + " does not exist",
                "demo simple --record /sys/barrierlab-run.jsonl|--record /sys/barrierlab-run.jsonl: cannot write"
                        + " there",
                "demo simple --kill p9@2|--kill names participant 'p9'",
                "demo simple --kill p2|--kill must be ID@ROUND or ID@DURATION",
                "demo simple --kill p2@9|the run has only 3 rounds",
                "demo simple --deadline soon|--deadline must be a duration",
                "demo simple --hosts 'a b,c'|--hosts must be a comma-separated list of host names",
                "demo reusable --barrier tutorial|--barrier tutorial is only for scenario tutorial-race",
                "demo simple --barrier curator|--barrier must be 'lib' or 'tutorial'",
                "demo simple --zk 'not a host'|--zk must be host:port",
                "demo simple --no-such-option|Unknown option: '--no-such-option'",
                "visualize|give --zk CONNECT",
                "visualize --replay /no/such/file.jsonl|does not exist",
            })
    @Timeout(30)
    void badInputIsOneLineAndExitCode2(String args, String message) {
        Result r = run(CommandLineSplit.split(args));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), "stderr: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    @Test
    @Timeout(30)
    void recordingIntoAMissingDirectoryCreatesNoDirectory() {
        Result r = run("demo", "simple", "--record", "/nonexistent/dir/f");
        assertEquals(2, r.code(), r.err());
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/nonexistent")), "no directory created");
    }

    @Test
    @Timeout(30)
    void zkOnABusyPortIsOneLineExitCode2AndLeavesNoTemporaryDirectory() throws Exception {
        String mine = "barrierlab-zk-" + ProcessHandle.current().pid() + "-";
        java.util.function.Supplier<Long> ownDirs = () -> {
            try (var s = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                return s.filter(p -> p.getFileName().toString().startsWith(mine))
                        .count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        long before = ownDirs.get();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("zk", "--port", Integer.toString(busy.getLocalPort()));
            assertEquals(2, r.code(), r.err());
            assertEquals(
                    "barrierlab zk: cannot start ZooKeeper on port " + busy.getLocalPort() + ": Address already in use",
                    r.err().strip());
        }
        assertEquals(before, ownDirs.get(), "no temporary directory left behind");
    }

    @Test
    @Timeout(120)
    void timeKillThatDidNotFireFailsTheRun() {
        Result r = run("demo", "simple", "-n", "2", "--rounds", "1", "--speed", "20", "--headless", "--kill", "p2@90s");
        assertEquals(1, r.code(), r.err());
        List<String> out = r.outLines();
        String last = out.get(out.size() - 1);
        assertTrue(last.matches("verdict: FAIL --kill p2@90s did not fire: the run ended after \\d+\\.\\d s"), last);
    }

    @Test
    @Timeout(30)
    void unreachableZooKeeperIsBadInput() {
        Result r = run("demo", "simple", "--zk", "127.0.0.1:1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot reach ZooKeeper at 127.0.0.1:1"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("barrierlab")).count(), r.err());
    }

    @Test
    @Timeout(30)
    void visualizeWithoutAViewerIsOneLine() {
        Result r = run("visualize", "--zk", "127.0.0.1:2181");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("visualizer"), r.err());
    }

    @Test
    @Timeout(120)
    void killedParticipantEndsBrokenWithExitCode3() {
        Result r = run("demo", "simple", "-n", "3", "--rounds", "2", "--speed", "20", "--headless", "--kill", "p3@2");
        assertEquals(3, r.code(), r.err());
        List<String> out = r.outLines();
        assertEquals("verdict: BROKEN /barriers/camp-2 generation 0: p3 died", out.get(out.size() - 1));
        assertTrue(r.err().contains("killed p3"), r.err());
    }

    @Test
    void scenariosAreListedWithAStory() {
        Result r = run("scenarios");
        assertEquals(0, r.code());
        for (String s : List.of(
                "tutorial-race", "simple", "double", "reusable", "restricted", "nested", "clock", "leader", "mutex")) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("[* ] " + s + " +\\S.*")), s + " in\n" + r.out());
        }
    }
}
