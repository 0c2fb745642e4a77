package org.barrierlab.visualizer.launch;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.visualizer.FxViewer;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.ReplaySource;
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

    /** Opens the window for the request and blocks until it is closed; returns an exit code. */
    public int show(ViewerRequest request) throws InterruptedException {
        EventSource source;
        try {
            if (request.isReplay()) {
                List<TraceEvent> events = ReplaySource.read(request.replayFile());
                source = ReplaySource.paced(
                        events, request.replayFile().getFileName().toString());
            } else if (request.run() != null) {
                source = LauncherRunStarter.follow(request.run(), false).source();
            } else {
                source = ZkEventSource.connect(request.connectString(), request.runId());
            }
        } catch (IOException | IllegalArgumentException | TimeoutException | ControlException e) {
            LOG.debug("Cannot open the view", e);
            System.err.println("barrierlab visualize: " + e.getMessage());
            return 2;
        }
        EventSource s = source;
        return FxViewer.showAndWait(() -> s, new LauncherRunStarter());
    }
}
