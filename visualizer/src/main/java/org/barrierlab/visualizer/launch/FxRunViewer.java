package org.barrierlab.visualizer.launch;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.visualizer.FxViewer;
import org.barrierlab.visualizer.ViewerSession;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX visualizer as the application opens it: {@code barrierlab visualize} and {@code
 * barrierlab demo} hand it a {@link ViewerRequest} and it opens this window. Available where a display is (DISPLAY or
 * WAYLAND_DISPLAY on Linux, always on Windows and macOS, or the headless Monocle platform).
 *
 * <pre>{@code
 * int code = new FxRunViewer().show(ViewerRequest.replay(Path.of("run.jsonl")));
 * }</pre>
 */
public final class FxRunViewer {

    private static final Logger LOG = LoggerFactory.getLogger(FxRunViewer.class);

    /** True if a window can open here (a display, or the headless Monocle platform). Never blocks. */
    public boolean isAvailable() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform", ""))) {
            return true;
        }
        if (Boolean.getBoolean("java.awt.headless") && System.getenv("DISPLAY") == null) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Checks that {@code file} is a recording the replay player can open (its valid prefix, if
     * cut off), without a window.
     *
     * @return the warning for a cut-off recording, or empty
     * @throws IllegalArgumentException (one line) for an empty file or one that is not a recording
     * @throws IOException if the file cannot be read
     */
    public static java.util.Optional<String> checkRecording(java.nio.file.Path file) throws IOException {
        return Recording.read(file).warning();
    }

    /**
     * Opens the window for the request and returns once it is on screen. A replay or an attach
     * shows its source at once; a {@linkplain ViewerRequest#demo demo} window shows the
     * scenario and waits for {@link RunWindow#follow}.
     *
     * @throws IllegalArgumentException (one line) if the recording cannot be read or the run
     *     cannot be reached
     * @throws InterruptedException if interrupted while the window opens
     */
    public RunWindow open(ViewerRequest request) throws InterruptedException {
        EventSource source;
        Recording recording = null;
        try {
            if (request.isDemo()) {
                source = null;
            } else if (request.isReplay()) {
                recording = Recording.read(request.replayFile());
                source = null;
            } else if (request.run() != null) {
                source = LauncherRunStarter.follow(request.run(), false).source();
            } else {
                source = ZkEventSource.connect(request.connectString(), request.runId(), request.secret(), null);
            }
        } catch (IOException | TimeoutException | ControlException e) {
            LOG.debug("Cannot open the view", e);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        EventSource initial = source;
        Recording replayed = recording;
        ViewerSession session = FxViewer.open(
                window -> {
                    if (initial != null) {
                        window.attach(initial);
                    }
                    if (replayed != null) {
                        window.play(replayed);
                    }
                    if (request.isDemo()) {
                        RunSpec spec = request.demo();
                        window.presenter()
                                .describe(
                                        spec.scenario().name(), spec.scenario().story());
                        window.presenter()
                                .setStatus("starting ZooKeeper and " + spec.participants() + " participants\u2026");
                    }
                },
                new LauncherRunStarter());
        return new FxRunWindow(session);
    }

    /** Opens the window for the request and blocks until it is closed; returns an exit code. */
    public int show(ViewerRequest request) throws InterruptedException {
        RunWindow w;
        try {
            w = open(request);
        } catch (IllegalArgumentException e) {
            System.err.println("barrierlab visualize: " + e.getMessage());
            return 2;
        }
        while (!w.awaitClosed(1, TimeUnit.SECONDS)) {
            LOG.trace("visualizer window still open");
        }
        return 0;
    }

    /** The window as the command's thread sees it. */
    private static final class FxRunWindow implements RunWindow {
        private final ViewerSession session;

        FxRunWindow(ViewerSession session) {
            this.session = session;
        }

        @Override
        public long shownAtMillis() {
            return session.shownAtMillis();
        }

        @Override
        public void follow(Run run, boolean held) {
            EventSource source;
            try {
                source = LauncherRunStarter.follow(run, false).source();
            } catch (ControlException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            String story = run.spec().scenario().story();
            String name = run.spec().scenario().name();
            double speed = run.speed();
            session.onWindow(w -> {
                w.attach(source);
                w.presenter().describe(name, story);
                w.presenter().initialSpeed(speed);
                if (held) {
                    w.presenter().hold();
                }
            });
        }

        @Override
        public void showVerdict(String line, String explanation) {
            session.onWindow(w -> w.presenter().showVerdict(line, explanation == null ? "" : explanation));
        }

        @Override
        public boolean isClosed() {
            return session.isClosed();
        }

        @Override
        public void runTour(Tour tour, int first) throws InterruptedException {
            tour.run(first, new Tour.TourWindow() {
                @Override
                public void onWindow(
                        java.util.function.Consumer<org.barrierlab.visualizer.ui.VisualizerWindow> action) {
                    session.onWindow(action);
                }

                @Override
                public boolean isClosed() {
                    return session.isClosed();
                }
            });
        }

        @Override
        public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
            return session.awaitClosed(timeout, unit);
        }
    }
}
