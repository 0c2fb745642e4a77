package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunSecret;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.visualizer.launch.ViewerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** demo and visualize find the viewer the app assembled and hand it the right request. */
class ViewerSpiTest {

    @BeforeEach
    void enable() {
        RunViewer.installFirst(RecordingViewer.INSTANCE);
        RecordingViewer.REQUESTS.clear();
        RecordingViewer.WINDOWS.clear();
        RecordingViewer.enabled = true;
    }

    @AfterEach
    void disable() {
        RecordingViewer.enabled = false;
        RecordingViewer.failToOpen = false;
    }

    @Test
    @Timeout(90)
    void demoKeepsTheTerminalViewWhenTheWindowCannotOpen() {
        RecordingViewer.failToOpen = true;
        DemoCommandTest.Result r = DemoCommandTest.run("demo", "simple", "-n", "2", "--rounds", "1", "--speed", "20");
        assertEquals(0, r.code(), "an unusable display does not fail the run: " + r.err());
        assertTrue(
                r.err().contains("cannot open the visualizer (Unable to open DISPLAY); keeping the terminal view"),
                r.err());
        assertTrue(r.outLines().get(r.outLines().size() - 1).startsWith("verdict: PASS"), r.out());
    }

    @Test
    void visualizeReportsAWindowThatCannotOpenAsOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
        RecordingViewer.failToOpen = true;
        Path file = Files.writeString(dir.resolve("run.jsonl"), ONE_EVENT);
        DemoCommandTest.Result r = DemoCommandTest.run("visualize", "--replay", file.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "barrierlab visualize: cannot open the visualizer window: Unable to open DISPLAY",
                r.err().trim());
    }

    @Test
    @Timeout(90)
    void demoOpensTheViewerOnItsOwnRunUnlessHeadless() {
        DemoCommandTest.Result r = DemoCommandTest.run("demo", "simple", "-n", "2", "--rounds", "1", "--speed", "20");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, RecordingViewer.REQUESTS.size());
        ViewerRequest req = RecordingViewer.REQUESTS.get(0);
        assertTrue(req.isDemo(), "the window opens on the scenario before the run exists: " + req);
        assertEquals("simple", req.demo().scenario().name());
        RecordingViewer.Window w = RecordingViewer.WINDOWS.get(0);
        assertNotNull(w.followed, "the window is handed the live Run to control it");
        assertTrue(w.held, "with a window the participants wait at the start");
        assertTrue(r.outLines().get(r.outLines().size() - 1).startsWith("verdict: PASS"), r.out());

        DemoCommandTest.Result headless =
                DemoCommandTest.run("demo", "simple", "-n", "2", "--rounds", "1", "--speed", "20", "--headless");
        assertEquals(0, headless.code(), headless.err());
        assertEquals(1, RecordingViewer.REQUESTS.size(), "--headless never opens the viewer");
    }

    @Test
    @Timeout(90)
    void windowComesFirstTheRunWaitsForStartAndTheVerdictReachesWindowAndStdoutTogether() {
        StringWriter out = new StringWriter();
        RecordingViewer.outProbe = out::toString;
        CommandLine cl = BarrierLabCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("demo", "nested", "-n", "2", "--rounds", "1", "--speed", "20");
        assertEquals(0, code, err.toString());
        RecordingViewer.Window w = RecordingViewer.WINDOWS.get(0);
        List<TraceEvent> history = w.followed.history();
        TraceEvent firstArrival = history.stream()
                .filter(e -> e.is(EventType.ARRIVE) || e.is(EventType.ENTER))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no arrival in " + history));
        TraceEvent spawn =
                history.stream().filter(e -> e.is(EventType.SPAWN)).findFirst().orElseThrow();
        assertTrue(w.shownAtMillis() <= spawn.timeMillis(), "the window is on screen before the first JVM starts");
        assertTrue(w.startPressedAt > 0, "every participant waited at the start for the presenter");
        assertTrue(
                firstArrival.timeMillis() >= w.startPressedAt,
                "nobody arrives before Start: first arrival at " + firstArrival.timeMillis() + ", Start at "
                        + w.startPressedAt);
        String line = out.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(line.startsWith("verdict: PASS"), out.toString());
        assertEquals(line, w.verdict, "the window shows the line that stdout got");
        assertTrue(
                w.stdoutAtVerdict.contains(line),
                "the verdict line was on stdout when the window got it (not only after the window closed)");
    }

    @Test
    void visualizeHandsOverAttachAndReplayRequests(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.jsonl"), ONE_EVENT);
        assertEquals(
                0, DemoCommandTest.run("visualize", "--replay", file.toString()).code());
        assertEquals(
                0,
                DemoCommandTest.run("visualize", "--zk", "127.0.0.1:2181", "--run", "r-1")
                        .code());
        assertEquals(
                0, DemoCommandTest.run("visualize", "--zk", "127.0.0.1:2181").code());
        assertEquals(3, RecordingViewer.REQUESTS.size());
        assertEquals(ViewerRequest.replay(file), RecordingViewer.REQUESTS.get(0));
        assertEquals(ViewerRequest.attach("127.0.0.1:2181", "r-1"), RecordingViewer.REQUESTS.get(1));
        assertNull(RecordingViewer.REQUESTS.get(2).runId(), "no --run: the newest run");
    }

    @Test
    void visualizeTakesTheRunsSecretFromItsPrivateFileAndRefusesOneOthersCanRead(@TempDir Path dir) throws Exception {
        RunSecret secret = RunSecret.generate();
        Path file = secret.writeTo(dir.resolve("secrets").resolve("r-2"));
        String[] args = {"visualize", "--zk", "127.0.0.1:2181", "--run", "r-2", "--secret-file", file.toString()};
        assertEquals(0, DemoCommandTest.run(args).code());
        assertEquals(List.of(ViewerRequest.attach("127.0.0.1:2181", "r-2", secret)), RecordingViewer.REQUESTS);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DemoCommandTest.Result r = DemoCommandTest.run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("is readable by others"), r.err());
        assertFalse(r.err().contains(secret.value()), "the secret is not echoed");
    }

    private static final String ONE_EVENT = TraceJson.encode(
                    TraceEvent.of("launcher", EventType.RUN_START, "", -1).withZxid(1))
            + "\n";

    @Test
    void visualizeRefusesAnEmptyFileOrANonRecordingWithOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        DemoCommandTest.Result r = DemoCommandTest.run("visualize", "--replay", empty.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("is empty: not a recording"), r.err());

        Path notes = Files.writeString(dir.resolve("notes.txt"), "shopping list\nmilk\n");
        r = DemoCommandTest.run("visualize", "--replay", notes.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("is not a Barrier Lab recording (line 1"), r.err());
        assertEquals(0, RecordingViewer.REQUESTS.size(), "no window for a file that is not a recording");
    }

    @Test
    void visualizeOpensTheValidPrefixOfACutOffRecording(@TempDir Path dir) throws Exception {
        Path cut = Files.writeString(dir.resolve("cut.jsonl"), ONE_EVENT + ONE_EVENT.substring(0, 20));
        DemoCommandTest.Result r = DemoCommandTest.run("visualize", "--replay", cut.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(ViewerRequest.replay(cut)), RecordingViewer.REQUESTS);
    }
}
