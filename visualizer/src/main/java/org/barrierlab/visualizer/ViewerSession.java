package org.barrierlab.visualizer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.barrierlab.visualizer.ui.VisualizerWindow;

/**
 * An open visualizer window, as seen from a thread that is not the FX thread (the app's {@code
 * demo} command): it tells when the window is on screen and when the presenter has closed it,
 * and hands work to the window on the FX thread. Made by {@link FxViewer#open}.
 *
 * <pre>{@code
 * ViewerSession s = FxViewer.open(setup -> setup.presenter().describe("nested", story), null);
 * s.onWindow(w -> w.attach(source));
 * s.onWindow(w -> w.presenter().showVerdict(line, explanation));
 * s.awaitClosed();
 * }</pre>
 */
public final class ViewerSession {

    private final CountDownLatch shown = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile VisualizerWindow window;
    private volatile long shownAtMillis;

    ViewerSession() {}

    void shown(VisualizerWindow w) {
        window = w;
        shownAtMillis = System.currentTimeMillis();
        shown.countDown();
    }

    void closed() {
        shown.countDown();
        closed.countDown();
    }

    /** Wall-clock time (ms) at which the window was put on screen, 0 before. */
    public long shownAtMillis() {
        return shownAtMillis;
    }

    /** Waits until the window is on screen (or closed); false on timeout. */
    public boolean awaitShown(long timeout, TimeUnit unit) throws InterruptedException {
        return shown.await(timeout, unit);
    }

    /** Runs {@code action} on the FX thread with the window (nothing once it is closed). */
    public void onWindow(Consumer<VisualizerWindow> action) {
        Platform.runLater(() -> {
            VisualizerWindow w = window;
            if (w != null && !isClosed()) {
                action.accept(w);
            }
        });
    }

    /** True once the presenter closed the window (window manager, Ctrl+Q) or it failed. */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Waits until the window is closed; false on timeout. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }
}
