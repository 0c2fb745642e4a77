package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.barrierlab.testing.BarrierProcessMain;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/** Participants in separate JVMs (each its own ZooKeeper session), including a SIGKILL. */
class SeparateJvmTest {

    private static final int SESSION_TIMEOUT_MS = 3000;

    /** A participant JVM and the lines it printed. */
    private static final class Participant implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();

        Participant(String connect, String path, String id, String members, int rounds) throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(
                            java,
                            "-Xmx64m",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            BarrierProcessMain.class.getName(),
                            connect,
                            Integer.toString(SESSION_TIMEOUT_MS),
                            path,
                            id,
                            members,
                            Integer.toString(rounds))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            lines.add("IO " + e);
                        }
                    },
                    "reader-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line starting with the prefix (earlier lines are kept in {@link #all}). */
        String await(String prefix, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no '" + prefix + "' within " + seconds + " s; saw " + all);
                }
                all.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        int exit(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("participant JVM did not exit within " + seconds + " s; saw " + all);
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void separateJvmsCrossTogetherAndASigkillBreaksTheGenerationForTheOthers() throws Exception {
        try (TestingServer server = ZkTestServers.single()) {
            String connect = server.getConnectString();
            String members = "j1,j2,j3";
            int rounds = 20;
            List<Participant> ps = new ArrayList<>();
            try {
                for (String id : List.of("j1", "j2", "j3")) {
                    ps.add(new Participant(connect, "/t/jvm", id, members, rounds));
                }
                for (Participant p : ps) {
                    assertEquals("DONE", p.await("DONE", 90));
                    assertEquals(0, p.exit(30), "exit code; saw " + p.all);
                    assertEquals(
                            rounds,
                            p.all.stream().filter(l -> l.startsWith("PASS")).count());
                }
            } finally {
                ps.forEach(Participant::close);
            }

            // now SIGKILL one JVM while the others wait for it
            ps.clear();
            try {
                Participant k1 = new Participant(connect, "/t/kill", "k1", "k1,k2,k3", 1000);
                Participant k2 = new Participant(connect, "/t/kill", "k2", "k1,k2,k3", 1000);
                Participant k3 = new Participant(connect, "/t/kill", "k3", "k1,k2,k3", 1000);
                ps.addAll(List.of(k1, k2, k3));
                for (Participant p : ps) {
                    p.await("PASS 2 ", 90); // all running in lock step
                }
                long t0 = System.nanoTime();
                k3.process.destroyForcibly(); // SIGKILL: no goodbye, the session just stops
                String b1 = k1.await("BROKEN", 30);
                String b2 = k2.await("BROKEN", 30);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < SESSION_TIMEOUT_MS + 5000, "broken within the session timeout, took " + ms + " ms");
                assertTrue(b1.endsWith("k3 died"), b1);
                assertTrue(b2.endsWith("k3 died"), b2);
                assertEquals(3, k1.exit(30));
                assertEquals(3, k2.exit(30));
            } finally {
                ps.forEach(Participant::close);
            }
        }
    }
}
