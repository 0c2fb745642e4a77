package org.barrierlab.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.visualizer.launch.RunWindow;
import org.barrierlab.visualizer.launch.ViewerRequest;

/**
 * A test {@link RunViewer} that ViewerSpiTest puts in front of the window: available
 * only while {@link #enabled} is set, it records what it was asked to show and the windows it
 * "opened" ({@link Window}).
 */
final class RecordingViewer implements RunViewer {

    static final RecordingViewer INSTANCE = new RecordingViewer();

    static volatile boolean enabled;
    /** When set, {@link #open} fails the way JavaFX does when DISPLAY names no usable X server. */
    static volatile boolean failToOpen;

    static final List<ViewerRequest> REQUESTS = new CopyOnWriteArrayList<>();

    @Override
    public boolean isAvailable() {
        return enabled;
    }

    @Override
    public RunWindow open(ViewerRequest request) {
        REQUESTS.add(request);
        if (failToOpen) {
            throw new UnsupportedOperationException("Unable to open DISPLAY");
        }
        return new Window(System.currentTimeMillis());
    }

    /**
     * A window that is "shown" when opened, presses Start as soon as it follows a held run,
     * records the verdict it is shown (with the time) and "closes" at once after it.
     */
    static final class Window implements RunWindow {
        private final long shownAt;
        volatile Run followed;
        volatile boolean held;
        volatile long startPressedAt;
        volatile String verdict;
        volatile long verdictAt;
        volatile String stdoutAtVerdict;

        Window(long shownAt) {
            this.shownAt = shownAt;
            WINDOWS.add(this);
        }

        @Override
        public long shownAtMillis() {
            return shownAt;
        }

        @Override
        public void follow(Run run, boolean held) {
            this.followed = run;
            this.held = held;
            if (held) {
                // The presenter presses Start once every participant waits at the step gate.
                Thread presenter = new Thread(() -> pressStartWhenAllWait(run), "recording-presenter");
                presenter.setDaemon(true);
                presenter.start();
            }
        }

        private void pressStartWhenAllWait(Run run) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (run.history().stream()
                                .filter(e -> e.is(EventType.STEP_WAIT))
                                .map(e -> e.participant())
                                .distinct()
                                .count()
                        < run.spec().participants()) {
                    if (System.nanoTime() - deadline > 0 || run.isDone()) {
                        return; // the test's assertions report it
                    }
                    Thread.sleep(20); // polling the launcher's in-memory history, no ZooKeeper call
                }
                startPressedAt = System.currentTimeMillis();
                run.continueRun();
            } catch (KeeperException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void showVerdict(String line, String explanation) {
            verdictAt = System.currentTimeMillis();
            stdoutAtVerdict = outProbe.get();
            verdict = line;
        }

        @Override
        public boolean isClosed() {
            return verdict != null;
        }

        @Override
        public boolean awaitClosed(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** What the command has printed on stdout so far (set by a test). */
    static volatile java.util.function.Supplier<String> outProbe = () -> "";

    static final List<Window> WINDOWS = new CopyOnWriteArrayList<>();
}
