package org.barrierlab.launcher.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A window that shows a run: the launcher's extension point for the visualizer module, found
 * with {@link ServiceLoader} so the launcher does not depend on JavaFX (the visualizer depends
 * on the launcher, not the other way round).
 *
 * <p>An implementation is registered in {@code
 * META-INF/services/org.barrierlab.launcher.spi.RunViewer} of the visualizer jar. {@code
 * barrierlab visualize} and {@code barrierlab demo} (without {@code --headless}) use the first
 * available viewer; when none is on the class path or {@link #isAvailable()} is false (no
 * display), {@code visualize} fails with one line and exit code 2 and {@code demo} keeps its
 * terminal view.
 *
 * <pre>{@code
 * Optional<RunViewer> viewer = RunViewer.find();
 * if (viewer.isPresent()) {
 *     int code = viewer.get().show(ViewerRequest.live(run));   // blocks until the window closes
 * }
 * }</pre>
 */
public interface RunViewer {

    /** True if this viewer can open a window here (e.g. a display is present). Must not block. */
    boolean isAvailable();

    /**
     * Opens the window for the request and blocks until the user closes it.
     *
     * @return an exit code for the command (0 when closed normally)
     * @throws InterruptedException if the calling thread is interrupted while the window is open
     */
    int show(ViewerRequest request) throws InterruptedException;

    /** The first registered viewer that is {@linkplain #isAvailable() available}, if any. */
    static Optional<RunViewer> find() {
        for (RunViewer v : ServiceLoader.load(RunViewer.class)) {
            if (v.isAvailable()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** True if any viewer is registered at all (available or not), to word error messages. */
    static boolean anyInstalled() {
        return ServiceLoader.load(RunViewer.class).findFirst().isPresent();
    }
}
