package org.barrierlab.visualizer.launch;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.ui.VisualizerWindow;

/**
 * The guided tour: the course's scenarios as chapters of one window. Each chapter is a fresh
 * run (participant JVMs on the caller's ZooKeeper), shown with its title and story, held at the
 * start until the presenter presses space or Start, and ends in its verdict banner; PageDown and
 * PageUp leave the chapter (its participant JVMs are ended with the run) and start the next or
 * previous one. Runs on the caller's thread (never the FX thread) until the window is closed.
 *
 * <pre>{@code
 * Tour tour = new Tour(List.of("simple", "double"), name -> spec(name), listener);
 * tour.run(0, Tour.TourWindow.of(session));   // returns when the presenter closes the window
 * }</pre>
 */
public final class Tour {

    /** What the tour tells its command (the terminal); called on the tour's thread. */
    public interface Listener {
        /** Chapter {@code index} started its run. */
        void chapterStarted(int index, String scenario, Run run);

        /** Chapter {@code index} reached its verdict, with the scenario's explanation (may be empty). */
        void verdict(int index, String scenario, Verdict verdict, String explanation);

        /** The presenter left chapter {@code index} before its verdict, or it could not start ({@code why}). */
        void left(int index, String scenario, String why);
    }

    /** The window as the tour's thread sees it. */
    public interface TourWindow {
        /** Runs {@code action} on the FX thread with the window (nothing once it is closed). */
        void onWindow(Consumer<VisualizerWindow> action);

        /** True once the presenter closed the window. */
        boolean isClosed();
    }

    private static final long POLL_MILLIS = 100;

    private final List<String> chapters;
    private final Function<String, RunSpec> specOf;
    private final Listener listener;
    private final BlockingQueue<Integer> moves = new LinkedBlockingQueue<>();

    /**
     * @param chapters the scenarios in order (at least one)
     * @param specOf the spec of a chapter's run (held runs: step mode on)
     * @param listener what the command prints
     */
    public Tour(List<String> chapters, Function<String, RunSpec> specOf, Listener listener) {
        this.chapters = List.copyOf(chapters);
        if (this.chapters.isEmpty()) {
            throw new IllegalArgumentException("a tour needs at least one chapter");
        }
        this.specOf = Objects.requireNonNull(specOf, "specOf");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The chapter line the window shows, e.g. {@code Chapter 2 of 9: simple}. */
    public String chapterLine(int index) {
        return "Chapter " + (index + 1) + " of " + chapters.size() + ": " + chapters.get(index)
                + "        PageDown: next chapter \u00b7 PageUp: previous chapter";
    }

    /**
     * Runs the chapters from {@code first} until the window is closed.
     *
     * @throws InterruptedException if interrupted (the current chapter's run is closed first)
     */
    public void run(int first, TourWindow window) throws InterruptedException {
        Objects.checkIndex(first, chapters.size());
        int k = first;
        while (!window.isClosed()) {
            int next = chapter(k, window);
            if (next < 0) {
                return;
            }
            k = next;
        }
    }

    /** The FX-thread side of the chapter keys: never blocks. */
    private void move(int delta) {
        moves.offer(delta);
    }

    /** Plays chapter {@code k}; returns the chapter to go to, or -1 once the window is closed. */
    private int chapter(int k, TourWindow window) throws InterruptedException {
        String name = chapters.get(k);
        RunSpec spec = specOf.apply(name);
        String line = chapterLine(k);
        window.onWindow(w -> {
            w.presenter().reset(); // the chapter left: no verdict or hold of its own on the new title
            w.presenter().tourChapter(line, this::move);
            w.presenter().describe(name, spec.scenario().story());
            w.presenter().setStatus("starting chapter " + (k + 1) + ": " + spec.participants() + " participants\u2026");
        });
        Run run;
        try {
            run = Run.start(spec);
        } catch (IOException | KeeperException | RuntimeException e) {
            String why = "cannot start " + name + ": " + e.getMessage();
            listener.left(k, name, why);
            window.onWindow(w -> w.presenter().setStatus(why));
            return awaitMove(k, window);
        }
        try (run) {
            listener.chapterStarted(k, name, run);
            EventSource source;
            try {
                source = LauncherRunStarter.follow(run, false).source();
            } catch (ControlException e) {
                listener.left(k, name, e.getMessage());
                return awaitMove(k, window);
            }
            double speed = run.speed();
            window.onWindow(w -> {
                w.attach(source);
                w.presenter().tourChapter(line, this::move);
                w.presenter().describe(name, spec.scenario().story());
                w.presenter().initialSpeed(speed);
                w.presenter().hold();
            });
            boolean judged = false;
            while (true) {
                int target = pollMove(k, window);
                if (target != k || window.isClosed()) {
                    if (!judged) {
                        listener.left(k, name, "left before its verdict");
                    }
                    return window.isClosed() ? -1 : target; // closing the run ends its participant JVMs
                }
                if (!judged && run.isDone()) {
                    judged = true;
                    Verdict v = verdict(run);
                    String why = spec.scenario()
                            .explain(v, spec.barrier(), run.history())
                            .orElse("");
                    listener.verdict(k, name, v, why);
                    window.onWindow(w -> w.presenter().showVerdict(v.line(), why));
                }
            }
        }
    }

    private static Verdict verdict(Run run) throws InterruptedException {
        try {
            return run.awaitVerdict(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return Verdict.fail("the launcher did not report its verdict");
        }
    }

    /** Waits for a chapter key that leads somewhere, or the window's close (-1). */
    private int awaitMove(int k, TourWindow window) throws InterruptedException {
        while (!window.isClosed()) {
            int target = pollMove(k, window);
            if (target != k) {
                return target;
            }
        }
        return -1;
    }

    /**
     * The chapter the pending keys lead to, or {@code k} (no key, or none beyond the ends). Keys
     * pressed while a chapter was starting add up: they start one run, at the chapter they
     * lead to, not one run per key.
     */
    private int pollMove(int k, TourWindow window) throws InterruptedException {
        Integer first = moves.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return k;
        }
        int delta = first;
        for (Integer more; (more = moves.poll()) != null; ) {
            delta += more;
        }
        int raw = k + delta;
        if (raw < 0 || raw >= chapters.size()) {
            String end = raw < 0 ? "this is the first chapter" : "this is the last chapter";
            window.onWindow(w -> w.presenter().setStatus(end));
        }
        return Math.max(0, Math.min(chapters.size() - 1, raw));
    }
}
