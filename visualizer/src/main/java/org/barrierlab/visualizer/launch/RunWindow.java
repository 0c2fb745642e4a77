package org.barrierlab.visualizer.launch;

import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.run.Run;

/**
 * A visualizer window that is on screen, as the command that opened it sees it: {@code demo}
 * opens it before it starts the run, hands it the run, shows the verdict in it at the moment it
 * prints the verdict line, and returns when the presenter closes it. Thread-safe: called from
 * the command's thread.
 *
 * <pre>{@code
 * RunWindow w = new FxRunViewer().open(ViewerRequest.demo(spec));   // on screen now
 * try (Run run = Run.start(heldSpec)) {
 *     w.follow(run, true);                                          // wait for space / Start
 *     Verdict v = run.awaitVerdict(...);
 *     System.out.println(v.line());
 *     w.showVerdict(v.line(), explanation);
 *     w.awaitClosed(Long.MAX_VALUE, TimeUnit.DAYS);
 * }
 * }</pre>
 */
public interface RunWindow {

    /** Wall-clock time (ms) at which the window came on screen. */
    long shownAtMillis();

    /**
     * Shows and controls {@code run} (owned by the caller, who closes it). With {@code held},
     * the run's participants wait at the step gate before their first operation and the window
     * asks the presenter to press space or Start.
     *
     * @throws IllegalArgumentException if the window cannot connect to the run's ZooKeeper
     */
    void follow(Run run, boolean held);

    /** Shows the verdict line and the scenario's explanation (may be empty) in the window. */
    void showVerdict(String line, String explanation);

    /** True once the presenter closed the window. */
    boolean isClosed();

    /** Waits until the presenter closes the window; false on timeout. */
    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Runs the guided tour's chapters in this window from chapter {@code first} until the
     * presenter closes it (on the caller's thread).
     *
     * @throws UnsupportedOperationException if this window cannot run a tour
     * @throws InterruptedException if interrupted (the current chapter's run is closed first)
     */
    default void runTour(Tour tour, int first) throws InterruptedException {
        throw new UnsupportedOperationException("this window cannot run a tour");
    }
}
