package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code barrierlab demo}, on a real separate JVM: the run ends with one verdict
 * line {@code verdict: INTERRUPTED ...}, exit code 130, and a complete recording (every spawned
 * participant's exit, then {@code run-end}).
 */
class CtrlCProcessTest {

    @Test
    @Timeout(120)
    void ctrlCEndsTheRunInterruptedWithExitCode130AndACompleteRecording(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("run.jsonl");
        Process demo = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.barrierlab.app.BarrierLabApp",
                        "demo",
                        "reusable",
                        "-n",
                        "3",
                        "--rounds",
                        "500",
                        "--speed",
                        "2",
                        "--headless",
                        "--record",
                        recording.toString())
                .start();
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(demo, false));
            BufferedReader err =
                    new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8));
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    String line;
                    while ((line = err.readLine()) != null) {
                        if (line.startsWith("p3 passed")) {
                            return; // the run is under way
                        }
                    }
                    throw new AssertionError("demo ended before p3 passed a barrier");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            running.get(60, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> {
                try {
                    err.transferTo(java.io.Writer.nullWriter()); // keep stderr flowing
                } catch (IOException e) {
                    // the process ended
                }
            });
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -INT finishes");

            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo exits within 60 s of Ctrl-C");
            assertEquals(130, demo.exitValue(), "exit code of an interrupted run");
            List<String> stdout = out.get(10, TimeUnit.SECONDS).lines().toList();
            String last = stdout.get(stdout.size() - 1);
            assertTrue(last.startsWith("verdict: INTERRUPTED by Ctrl-C after "), "verdict line: " + stdout);
            assertEquals(
                    1, stdout.stream().filter(l -> l.startsWith("verdict:")).count(), "one verdict line");

            List<TraceEvent> events = Files.readAllLines(recording, StandardCharsets.UTF_8).stream()
                    .map(TraceJson::decode)
                    .toList();
            TraceEvent end = events.get(events.size() - 1);
            assertTrue(end.is(EventType.RUN_END), "the recording ends with run-end: " + end);
            assertEquals("INTERRUPTED", end.attr("verdict"));
            Set<String> spawned = events.stream()
                    .filter(e -> e.is(EventType.SPAWN))
                    .map(TraceEvent::participant)
                    .collect(Collectors.toSet());
            Set<String> exited = events.stream()
                    .filter(e -> e.is(EventType.EXIT))
                    .map(TraceEvent::participant)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("p1", "p2", "p3"), spawned);
            assertEquals(spawned, exited, "every participant's exit is recorded");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String readAll(Process p, boolean stderr) {
        try {
            return new String(
                    (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
