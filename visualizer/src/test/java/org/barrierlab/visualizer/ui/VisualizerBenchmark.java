package org.barrierlab.visualizer.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.stage.Stage;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.support.Fx;
import org.barrierlab.visualizer.support.ScriptedRun;
import org.barrierlab.visualizer.support.ZkClients;
import org.barrierlab.visualizer.viewmodel.FrameStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Benchmark, not a test (its name keeps it out of the default suite): 64 participants on 16
 * barriers (12 top-level, 4 nested double barriers) write their trace into a real embedded
 * ZooKeeper from 16 writer threads while the window follows the run live. Reports, over the
 * measuring window, the frames the renderer actually painted per second (counted by JavaFX's own
 * scene tracker on the render thread, so a pulse that draws nothing is not a frame), beside the
 * pulses and the pulses in which the view drew something, and the event-to-screen latency
 * (writer's timestamp to the start of the second pulse after the one that applied the event, by
 * when its frame has been rendered; see {@link FrameStats}). Run:
 *
 * <pre>
 * mvn -B -q -pl visualizer -am test -Dtest=VisualizerBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Results go to stderr and {@code visualizer/target/benchmark.txt}. System properties: {@code
 * bench.seconds} (default 20), {@code bench.thinkMillis} (default 40, per participant between
 * operations).
 */
@ExtendWith(ApplicationExtension.class)
class VisualizerBenchmark {

    private static final int PARTICIPANTS = 64;
    private static final int BARRIERS = 16;

    private static final String FX = "fx";
    private static final String RENDER = "render";

    private VisualizerWindow window;
    private Stage stage;
    /** Frames the renderer finished, and when the first and the last of the window were. */
    private final AtomicLong rendered = new AtomicLong();

    private volatile long firstRendered;
    private volatile long lastRendered;

    /** CPU nanoseconds used so far by the FX application thread and the renderer thread. */
    private static java.util.Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo ti : mx.dumpAllThreads(false, false)) {
            String name = ti.getThreadName();
            String key = name.equals("JavaFX Application Thread") || name.equals("Event Thread")
                    ? FX
                    : name.startsWith("QuantumRenderer") ? RENDER : null;
            if (key != null) {
                out.merge(key, mx.getThreadCpuTime(ti.getThreadId()), Long::sum);
            }
        }
        return out;
    }

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1500, 1000));
        stage.show();
        this.stage = stage;
    }

    @Test
    void measure() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        long think = Long.getLong("bench.thinkMillis", 40);
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            ZooKeeper zk = ZkClients.connect(server.connectString());
            RunLayout run = RunLayout.of("bench-1");
            ScriptedRun script = new ScriptedRun(zk, run, null);
            script.createNamespace("benchmark", PARTICIPANTS);
            ZkEventSource source = ZkEventSource.connect(server.connectString(), run.runId());
            Fx.run(() -> window.attach(source));
            for (int i = 1; i <= PARTICIPANTS; i++) {
                script.spawn("p" + i);
            }
            // 16 groups of 4: groups 0-3 are double barriers nested in top-level barriers 4-7
            List<String> scopes = new ArrayList<>();
            for (int b = 0; b < BARRIERS; b++) {
                scopes.add(b < 4 ? "/barriers/b" + (b + 4) + "/inner/n" + b : "/barriers/b" + b);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            ExecutorService writers = Executors.newFixedThreadPool(BARRIERS);
            for (int b = 0; b < BARRIERS; b++) {
                int barrier = b;
                writers.execute(() -> {
                    try {
                        for (long g = 0; !stop.get(); g++) {
                            for (int k = 0; k < 4 && !stop.get(); k++) {
                                String p = "p" + (barrier * 4 + k + 1);
                                script.emit(
                                        p,
                                        barrier < 4 ? EventType.ENTER : EventType.ARRIVE,
                                        scopes.get(barrier),
                                        g,
                                        "parties",
                                        "4");
                                written.incrementAndGet();
                                TimeUnit.MILLISECONDS.sleep(think);
                            }
                            for (int k = 0; k < 4 && !stop.get(); k++) {
                                String p = "p" + (barrier * 4 + k + 1);
                                script.emit(
                                        p,
                                        barrier < 4 ? EventType.ENTERED : EventType.PASS,
                                        scopes.get(barrier),
                                        g,
                                        "wakeups",
                                        "1");
                                written.incrementAndGet();
                            }
                            TimeUnit.MILLISECONDS.sleep(think);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (org.apache.zookeeper.KeeperException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            // warm up, then measure
            Fx.waitUntil(
                    30,
                    "all 16 barriers on screen",
                    () -> window.viewModel().stateProperty().get().scopes().size() >= BARRIERS);
            TimeUnit.SECONDS.sleep(3); // warm-up period of the benchmark, not a wait for a condition
            // JavaFX's tracker is called on the render thread after each frame it painted
            Fx.run(() -> com.sun.javafx.perf.PerformanceTracker.getSceneTracker(stage.getScene())
                    .setOnRenderedFrameTask(() -> {
                        long now = System.nanoTime();
                        if (rendered.getAndIncrement() == 0) {
                            firstRendered = now;
                        }
                        lastRendered = now;
                    }));
            Fx.run(() -> window.stats().reset());
            java.util.Map<String, Long> cpu0 = threadCpu();
            long w0 = written.get();
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds); // the measuring window
            FrameStats.Snapshot s = Fx.call(() -> window.stats().snapshot());
            long frames = rendered.get();
            double renderedFps = frames > 1 ? (frames - 1) / ((lastRendered - firstRendered) / 1e9) : 0;
            java.util.Map<String, Long> cpu1 = threadCpu();
            double fxCpu = (cpu1.getOrDefault(FX, 0L) - cpu0.getOrDefault(FX, 0L)) / 1e6 / Math.max(1, frames);
            double renderCpu =
                    (cpu1.getOrDefault(RENDER, 0L) - cpu0.getOrDefault(RENDER, 0L)) / 1e6 / Math.max(1, frames);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long events = written.get() - w0;
            stop.set(true);
            writers.shutdown();
            if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
                writers.shutdownNow();
            }
            Fx.run(window::close);
            zk.close();
            String report = String.format(
                    Locale.ROOT,
                    "visualizer benchmark: %d participants, %d barriers (4 nested), %.0f events/s written for %.0f s%n"
                            + "  frames rendered: %.1f fps (%d frames painted by the renderer)%n"
                            + "  pulses: %d, of which %d drew something (%.1f/s, longest gap %.0f ms),"
                            + " pulse handler %.2f ms/pulse%n"
                            + "  CPU per frame: FX thread %.1f ms, renderer %.1f ms (load-independent cost)%n"
                            + "  event-to-screen latency: p50 %d ms, p95 %d ms, max %d ms (%d events)%n"
                            + "    of which writer to the pulse that applied it: p50 %d ms, p95 %d ms%n"
                            + "  prism.order=%s glass.platform=%s java=%s cores=%d load average at start %.1f%n",
                    PARTICIPANTS,
                    BARRIERS,
                    events / elapsed,
                    elapsed,
                    renderedFps,
                    frames,
                    s.pulses(),
                    s.frames(),
                    s.fps(),
                    s.maxFrameGapMillis(),
                    s.handlerMillisPerFrame(),
                    fxCpu,
                    renderCpu,
                    s.latencyP50Millis(),
                    s.latencyP95Millis(),
                    s.latencyMaxMillis(),
                    s.latencySamples(),
                    s.arrivalP50Millis(),
                    s.arrivalP95Millis(),
                    System.getProperty("prism.order", "default"),
                    System.getProperty("glass.platform", "default"),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    load);
            System.err.print(report);
            Path out = Path.of("target", "benchmark.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(
                    out,
                    report,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
