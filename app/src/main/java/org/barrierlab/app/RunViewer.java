package org.barrierlab.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.barrierlab.visualizer.launch.FxRunViewer;
import org.barrierlab.visualizer.launch.RunWindow;
import org.barrierlab.visualizer.launch.ViewerRequest;

/**
 * A window that shows a run, as {@code demo} and {@code visualize} see it. The application
 * assembles the one real implementation, the JavaFX visualizer ({@link FxRunViewer}), directly:
 * no service lookup, so the same main class opens the window from an IDE or the shell script.
 * Tests put a recording double in front of it with {@link #installFirst}.
 *
 * <p>{@code visualize} fails with one line and exit code 2 when no viewer {@linkplain
 * #isAvailable() is available} (no display); {@code demo} then keeps its terminal view.
 *
 * <pre>{@code
 * Optional<RunViewer> viewer = RunViewer.find();
 * if (viewer.isPresent()) {
 *     RunWindow w = viewer.get().open(ViewerRequest.replay(file));   // returns once it is on screen
 *     w.awaitClosed(1, TimeUnit.HOURS);
 * }
 * }</pre>
 */
interface RunViewer {

    /** True if this viewer can open a window here (e.g. a display is present). Must not block. */
    boolean isAvailable();

    /**
     * Opens the window for the request and returns once it is on screen.
     *
     * @throws IllegalArgumentException (one line) if the request's recording or run cannot be read
     * @throws InterruptedException if the calling thread is interrupted while the window opens
     */
    RunWindow open(ViewerRequest request) throws InterruptedException;

    /** The first viewer that is {@linkplain #isAvailable() available}, if any. */
    static Optional<RunViewer> find() {
        for (RunViewer v : Installed.VIEWERS) {
            if (v.isAvailable()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Puts {@code viewer} before the others (tests only); installing it twice is a no-op. */
    static void installFirst(RunViewer viewer) {
        if (!Installed.VIEWERS.contains(viewer)) {
            Installed.VIEWERS.add(0, viewer);
        }
    }

    /** The viewers in the order {@link #find()} asks them; the JavaFX window is always there. */
    final class Installed {
        private static final List<RunViewer> VIEWERS = new CopyOnWriteArrayList<>(List.of(fx()));

        private Installed() {}

        private static RunViewer fx() {
            FxRunViewer fx = new FxRunViewer();
            return new RunViewer() {
                @Override
                public boolean isAvailable() {
                    return fx.isAvailable();
                }

                @Override
                public RunWindow open(ViewerRequest request) throws InterruptedException {
                    return fx.open(request);
                }
            };
        }
    }
}
