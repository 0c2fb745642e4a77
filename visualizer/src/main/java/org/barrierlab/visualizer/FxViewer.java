package org.barrierlab.visualizer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
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

    private FxViewer() {}

    /** Starts the FX toolkit once per JVM; later calls do nothing. */
    public static void ensureToolkit() throws InterruptedException {
        synchronized (STARTUP) {
            if (started) {
                return;
            }
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
     * Shows a window on the source made by {@code source} (called on the FX thread; null for an
     * empty window) and blocks until the user closes it.
     *
     * @return 0 when the window was closed normally
     * @throws InterruptedException if interrupted while waiting
     */
    public static int showAndWait(Supplier<EventSource> source, RunStarter starter) throws InterruptedException {
        ensureToolkit();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Platform.runLater(() -> {
            try {
                VisualizerWindow window = new VisualizerWindow(starter);
                Stage stage = new Stage();
                stage.setTitle("Barrier Lab");
                stage.setScene(window.createScene(1500, 950));
                stage.setOnHidden(e -> {
                    window.close();
                    closed.countDown();
                });
                // -Dbarrierlab.visualizer.tab=classic opens on another tab (kiosk use, screenshots)
                String tab = System.getProperty("barrierlab.visualizer.tab");
                if (tab != null) {
                    window.selectTab(tab);
                }
                // -Dbarrierlab.visualizer.zoom=-1 starts one zoom step smaller (+1: larger)
                int zoom = Integer.getInteger("barrierlab.visualizer.zoom", 0);
                if (zoom != 0) {
                    window.zoom(zoom);
                }
                EventSource s = source == null ? null : source.get();
                if (s != null) {
                    window.attach(s);
                }
                stage.show();
            } catch (RuntimeException e) {
                failure.set(e);
                closed.countDown();
            }
        });
        // Waits for the presenter to close the window; wakes regularly to notice a dead toolkit.
        while (!closed.await(1, TimeUnit.SECONDS)) {
            LOG.trace("visualizer window still open");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return 0;
    }
}
