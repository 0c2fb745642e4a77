package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The foundation's acceptance for {@code barrierlab zk}, on a real separate JVM: a connect
 * string on stdout within 15 s, the standard ZooKeeper CLI works against it, and Ctrl-C (SIGINT)
 * leaves no process and no temporary directory behind.
 */
class ZkCommandProcessTest {

    private static final Pattern DATA_DIR = Pattern.compile("\\(data in (\\S+)\\)");

    @Test
    void standaloneServerPrintsConnectStringServesTheZooKeeperCliAndCleansUpOnCtrlC() throws Exception {
        Process zk = startZk("zk");
        try {
            String connect = readLine(zk, 15);
            assertTrue(connect.matches("127\\.0\\.0\\.1:\\d+"), "connect string, was: " + connect);
            Path dataDir = dataDirectoryFrom(zk);
            assertTrue(Files.isDirectory(dataDir), "data directory exists while running: " + dataDir);

            String cliOutput = runZooKeeperCli(connect, "ls", "/");
            assertTrue(cliOutput.contains("[zookeeper]"), "ZooKeeperMain 'ls /' output: " + cliOutput);

            ctrlC(zk);
            assertTrue(zk.waitFor(20, TimeUnit.SECONDS), "zk exits within 20 s of Ctrl-C");
            assertEquals(0, zk.descendants().count(), "no child process left");
            assertFalse(Files.exists(dataDir), "temporary directory removed: " + dataDir);
        } finally {
            zk.destroyForcibly();
        }
    }

    @Test
    void ensemblePrintsAThreeServerConnectStringAndStopsWithoutErrors() throws Exception {
        Process zk = startZk("zk", "--ensemble", "3");
        try {
            String connect = readLine(zk, 30);
            assertEquals(3, connect.split(",").length, "three servers: " + connect);
            BufferedReader err = new BufferedReader(new InputStreamReader(zk.getErrorStream(), StandardCharsets.UTF_8));
            String ready = err.readLine();
            Matcher m = DATA_DIR.matcher(ready == null ? "" : ready);
            assertTrue(m.find(), "first stderr line names the data directory: " + ready);
            Path dataDir = Path.of(m.group(1));
            assertTrue(runZooKeeperCli(connect, "ls", "/").contains("[zookeeper]"));
            ctrlC(zk);
            assertTrue(zk.waitFor(30, TimeUnit.SECONDS), "ensemble exits within 30 s of Ctrl-C");
            StringBuilder all = new StringBuilder(); // the process has exited: this read ends
            String line;
            while ((line = err.readLine()) != null) {
                all.append(line).append('\n');
            }
            assertFalse(all.toString().contains("ERROR"), "no ERROR while stopping: " + all);
            assertFalse(all.toString().contains("\tat "), "no stack trace while stopping: " + all);
            assertFalse(Files.exists(dataDir), "temporary directory removed: " + dataDir);
        } finally {
            zk.destroyForcibly();
        }
    }

    private static Process startZk(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                javaBin(),
                "-Xmx256m",
                // The app's own logging (stderr, ZooKeeper's server logs off), not this module's
                // logback-test.xml, which the test class path would pick: it logs to stdout, and a
                // quorum ERROR line once came before the connect string there.
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                "org.barrierlab.app.BarrierLabApp"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static String readLine(Process p, int seconds) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String s = line.get(seconds, TimeUnit.SECONDS);
        assertNotNull(s, "zk printed nothing before exiting");
        return s.trim();
    }

    private static Path dataDirectoryFrom(Process p) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Path> dir = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = err.readLine()) != null) {
                    Matcher m = DATA_DIR.matcher(l);
                    if (m.find()) {
                        return Path.of(m.group(1));
                    }
                }
                throw new AssertionError("zk never reported its data directory");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return dir.get(15, TimeUnit.SECONDS);
    }

    /** Runs the standard ZooKeeper CLI in its own JVM (it calls System.exit). */
    private static String runZooKeeperCli(String connect, String... command) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                javaBin(),
                "-Xmx128m",
                "-Dzookeeper.jmx.log4j.disable=true",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.zookeeper.ZooKeeperMain",
                "-server",
                connect));
        cmd.addAll(List.of(command));
        Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "ZooKeeperMain finishes within 30 s");
            return output.get(5, TimeUnit.SECONDS);
        } finally {
            cli.destroyForcibly();
        }
    }

    /** What a terminal's Ctrl-C sends. */
    private static void ctrlC(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -INT finishes");
        assertEquals(0, kill.exitValue(), "kill -INT succeeded");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
