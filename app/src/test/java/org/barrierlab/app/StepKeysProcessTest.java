package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.run.RunTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code demo --step} from a terminal: Enter grants one step, {@code c} continues. */
class StepKeysProcessTest {

    @Test
    @Timeout(120)
    void enterGrantsOneStepAndCContinues() throws Exception {
        Process demo = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BarrierLabApp.class.getName(),
                        "demo",
                        "simple",
                        "-n",
                        "2",
                        "--rounds",
                        "1",
                        "--speed",
                        "20",
                        "--step",
                        "--headless")
                .start();
        List<String> err = new CopyOnWriteArrayList<>();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread e = pump(demo.getErrorStream(), err);
        Thread o = pump(demo.getInputStream(), out);
        try (OutputStream keys = demo.getOutputStream()) {
            RunTesting.waitFor(
                    "both participants at the gate",
                    java.time.Duration.ofSeconds(60),
                    () -> err.stream().filter(l -> l.matches("p\\d step")).count() == 2);
            keys.write("\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            RunTesting.waitFor("one participant to arrive", java.time.Duration.ofSeconds(20), () -> err.stream()
                    .anyMatch(l -> l.matches("p\\d waiting /barriers/camp-1 gen 0")));
            assertEquals(
                    1,
                    err.stream()
                            .filter(l -> l.matches("p\\d waiting /barriers/camp-1 gen 0"))
                            .count(),
                    "one Enter, one step: " + err);
            keys.write("c\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo ends after 'c'");
        } finally {
            demo.destroyForcibly();
        }
        e.join(5000);
        o.join(5000);
        assertEquals(0, demo.exitValue(), String.join("\n", err));
        assertTrue(out.get(out.size() - 1).startsWith("verdict: PASS simple"), out.toString());
    }

    /** A number picks who moves next: 3 + Enter releases p3, whoever reached the gate first. */
    @Test
    @Timeout(120)
    void aNumberKeyStepsThatParticipant() throws Exception {
        Process demo = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BarrierLabApp.class.getName(),
                        "demo",
                        "simple",
                        "-n",
                        "3",
                        "--rounds",
                        "1",
                        "--speed",
                        "20",
                        "--step",
                        "--headless")
                .start();
        List<String> err = new CopyOnWriteArrayList<>();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread e = pump(demo.getErrorStream(), err);
        Thread o = pump(demo.getInputStream(), out);
        try (OutputStream keys = demo.getOutputStream()) {
            RunTesting.waitFor(
                    "all three participants at the gate",
                    java.time.Duration.ofSeconds(60),
                    () -> err.stream().filter(l -> l.matches("p\\d step")).count() == 3);
            keys.write("3\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            RunTesting.waitFor("p3 to arrive", java.time.Duration.ofSeconds(20), () -> err.stream()
                    .anyMatch(l -> l.equals("p3 waiting /barriers/camp-1 gen 0")));
            assertEquals(
                    List.of("p3 waiting /barriers/camp-1 gen 0"),
                    err.stream()
                            .filter(l -> l.matches("p\\d waiting /barriers/camp-1 gen 0"))
                            .toList(),
                    "3 + Enter stepped p3 and nobody else: " + err);
            assertTrue(err.contains("p3 did await camp-1"), "the terminal says who stepped: " + err);
            keys.write("c\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo ends after 'c'");
        } finally {
            demo.destroyForcibly();
        }
        e.join(5000);
        o.join(5000);
        assertEquals(0, demo.exitValue(), String.join("\n", err));
    }

    private static Thread pump(java.io.InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ex) {
                lines.add("(output ended: " + ex.getMessage() + ")");
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
