package org.barrierlab.visualizer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.ui.VisualizerWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the visualizer window from a plain (non-JavaFX) program, such as the launcher's CLI:
 * starts the FX toolkit if needed ({@link Platform#startup}), shows a window on the given
 * source and blocks until the window is closed.
 *
 * <pre>{@code
 * int code = FxViewer.showAndWait(() -> ReplaySource.paced(events, "run.jsonl"), null);
 * }</pre>
 */
public final class FxViewer {

    private static final Logger LOG = LoggerFactory.getLogger(FxViewer.class);
    private static final Object STARTUP = new Object();
    private static boolean started;

    /**
     * JavaFX warns "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'"
     * whenever it runs from the class path, as Barrier Lab does (one class path for the app and
     * the participant JVMs). JavaFX 17+ works there; the warning only asks for the module path.
     * JavaFX logs it through {@code System.getLogger("javafx")} (its {@code PlatformLogger}), not
     * under the class that prints it, so that logger gets a filter for exactly this message:
     * every other JavaFX warning still shows. Held in a field: java.util.logging keeps loggers
     * weakly, and a collected logger would forget its filter.
     */
    private static final java.util.logging.Logger FX_LOG = java.util.logging.Logger.getLogger("javafx");

    /** The start of the one JavaFX warning the app silences (see {@link #FX_LOG}). */
    static final String CLASS_PATH_WARNING = "Unsupported JavaFX configuration";

    private FxViewer() {}

    /** Drops JavaFX's class-path warning (and nothing else) from its "javafx" logger. */
    static void silenceClassPathWarning() {
        FX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith(CLASS_PATH_WARNING));
    }

    /** Starts the FX toolkit once per JVM; later calls do nothing. */
    public static void ensureToolkit() throws InterruptedException {
        synchronized (STARTUP) {
            if (started) {
                return;
            }
            silenceClassPathWarning();
            CountDownLatch up = new CountDownLatch(1);
            try {
                Platform.startup(up::countDown);
            } catch (IllegalStateException alreadyRunning) {
                up.countDown();
            }
            if (!up.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JavaFX toolkit did not start within 30 s");
            }
            Platform.setImplicitExit(false);
            started = true;
        }
    }

    /**
     * Opens a window and returns once it is on screen (the window comes first: a presenter sees
     * the stage before anything happens on it). {@code setup} runs on the FX thread before the
     * window is shown (attach a source, describe the scenario...). The window takes the whole
     * screen (maximised; F11 for full screen).
     *
     * @throws InterruptedException if interrupted while waiting for the window
     * @throws IllegalStateException if the window could not be shown within 30 s
     * @throws RuntimeException what {@code setup} or the toolkit threw
     */
    public static ViewerSession open(Consumer<VisualizerWindow> setup, RunStarter starter) throws InterruptedException {
        ensureToolkit();
        ViewerSession session = new ViewerSession();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Platform.runLater(() -> {
            try {
                VisualizerWindow window = new VisualizerWindow(starter);
                Rectangle2D screen = Screen.getPrimary().getVisualBounds();
                Stage stage = new Stage();
                stage.setTitle("Barrier Lab");
                stage.setScene(window.createScene(screen.getWidth(), screen.getHeight()));
                stage.setOnHidden(e -> {
                    window.close();
                    session.closed();
                });
                // -Dbarrierlab.visualizer.tab=classic opens on another tab (kiosk use, screenshots)
                String tab = System.getProperty("barrierlab.visualizer.tab");
                if (tab != null) {
                    window.selectTab(tab);
                }
                // -Dbarrierlab.visualizer.theme=projector starts in the projector theme
                window.setProjectorTheme("projector".equals(System.getProperty("barrierlab.visualizer.theme")));
                // -Dbarrierlab.visualizer.zoom=-1 starts one zoom step smaller (+1: larger)
                int zoom = Integer.getInteger("barrierlab.visualizer.zoom", 0);
                if (zoom != 0) {
                    window.zoom(zoom);
                }
                if (setup != null) {
                    setup.accept(window);
                }
                fillScreen(stage, screen);
                stage.show();
                // GTK under a window manager may keep the size it had before show (200x200):
                // ask again once the window is mapped
                Platform.runLater(() -> fillScreen(stage, screen));
                session.shown(window);
            } catch (RuntimeException e) {
                failure.set(e);
                session.closed();
            }
        });
        if (!session.awaitShown(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the visualizer window did not open within 30 s");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return session;
    }

    private static void fillScreen(Stage stage, Rectangle2D screen) {
        if (stage.isFullScreen()) {
            return;
        }
        if (stage.getWidth() < screen.getWidth() * 0.9 || stage.getHeight() < screen.getHeight() * 0.9) {
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
        }
        stage.setMaximized(true);
    }

    /**
     * Shows a window on the source made by {@code source} (called on the FX thread; null for an
     * empty window) and blocks until the user closes it.
     *
     * @return 0 when the window was closed normally
     * @throws InterruptedException if interrupted while waiting
     */
    public static int showAndWait(Supplier<EventSource> source, RunStarter starter) throws InterruptedException {
        ViewerSession session = open(
                window -> {
                    EventSource s = source == null ? null : source.get();
                    if (s != null) {
                        window.attach(s);
                    }
                },
                starter);
        // Waits for the presenter to close the window; wakes regularly to notice a dead toolkit.
        while (!session.awaitClosed(1, TimeUnit.SECONDS)) {
            LOG.trace("visualizer window still open");
        }
        return 0;
    }
}
