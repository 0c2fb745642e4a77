package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.visualizer.source.SourceBatch;
import org.barrierlab.visualizer.viewmodel.EventFunnel;
import org.barrierlab.visualizer.viewmodel.FrameStats;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;

/**
 * The render loop: once per FX pulse it drains the {@link EventFunnel} into the view model,
 * redraws the stage if the state changed, updates the panels at most ten times a second, moves
 * the tokens a step, and records frame and event-to-screen statistics. FX thread only.
 */
final class StageLoop {

    /** What the loop draws; the window supplies it. */
    interface Views {
        /** The state changed: redraw the stage (at most once per pulse). */
        void render();

        /** The panels (table, log, timeline, classic view): at most ~10 times a second. */
        void renderPanels();

        /** Moves the tokens a step of {@code dtSeconds}; true while something moves. */
        boolean animate(double dtSeconds);
    }

    private static final long PANEL_INTERVAL_NANOS = 100_000_000L;

    private final RunViewModel vm;
    private final EventFunnel funnel;
    private final FrameStats stats;
    private final PresenterViewModel presenter;
    private final Views views;
    /** Events applied in the previous pulse, and in the one before (rendered by now). */
    private List<TraceEvent> appliedLastPulse = new ArrayList<>();

    private List<TraceEvent> appliedBefore = new ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };
    private boolean liveLatency;
    private boolean dirty = true;
    private boolean panelsDirty = true;
    private long lastPulse;
    private long lastPanels;

    StageLoop(RunViewModel vm, EventFunnel funnel, FrameStats stats, PresenterViewModel presenter, Views views) {
        this.vm = vm;
        this.funnel = funnel;
        this.stats = stats;
        this.presenter = presenter;
        this.views = views;
    }

    void start() {
        timer.start();
    }

    void stop() {
        timer.stop();
    }

    /** A new source; {@code measureLatency}: its events carry a live writer's timestamp. */
    void reset(boolean measureLatency) {
        appliedLastPulse.clear();
        appliedBefore.clear();
        liveLatency = measureLatency;
        dirty = true;
    }

    void markDirty() {
        dirty = true;
    }

    void markPanelsDirty() {
        panelsDirty = true;
    }

    /** True when the funnel is drained, everything is drawn and no token moves. */
    boolean settled() {
        return funnel.isEmpty() && !dirty && !panelsDirty && !views.animate(0);
    }

    private void pulse(long now) {
        long started = System.nanoTime();
        if (!appliedBefore.isEmpty()) {
            // this pulse began after the previous one handed over its frame, and that one waited
            // for the renderer to finish the frame of the pulse before: those events are on screen
            long wall = System.currentTimeMillis();
            for (TraceEvent e : appliedBefore) {
                stats.latency(wall - e.timeMillis());
            }
            appliedBefore.clear();
        }
        List<TraceEvent> swap = appliedBefore;
        appliedBefore = appliedLastPulse;
        appliedLastPulse = swap;
        boolean drew = false;
        List<SourceBatch> batches = funnel.drain();
        if (!batches.isEmpty()) {
            vm.accept(batches);
            for (SourceBatch b : batches) {
                for (TraceEvent e : b.events()) {
                    presenter.eventShown(e); // a replay's pick: who stepped and what it did
                    if (e.is(EventType.STEP) && "grant".equals(e.attr("by"))) {
                        presenter.stepTaken(e.participant(), e.attr("op"));
                    } else if (e.is(EventType.STEP_WAIT)) {
                        presenter.nextStep(e.participant(), e.attr("op")); // what the last stepper does next
                    }
                    if (moves(e)) {
                        presenter.running(); // the status follows the run, not the last key
                    }
                }
            }
            presenter.stateShown(vm.stateProperty().get()); // auto-pause at a key moment
            if (liveLatency) {
                long wall = System.currentTimeMillis();
                for (SourceBatch b : batches) {
                    appliedLastPulse.addAll(b.events());
                    for (TraceEvent e : b.events()) {
                        stats.arrival(wall - e.timeMillis());
                    }
                }
            }
        }
        if (dirty) {
            dirty = false;
            panelsDirty = true;
            views.render();
            drew = true;
        }
        if (panelsDirty && now - lastPanels > PANEL_INTERVAL_NANOS) {
            panelsDirty = false;
            lastPanels = now;
            views.renderPanels();
            drew = true;
        }
        double dt = lastPulse == 0 ? 1 / 60.0 : Math.min(0.1, (now - lastPulse) / 1e9);
        lastPulse = now;
        drew |= views.animate(dt);
        stats.work(System.nanoTime() - started);
        stats.pulse(now, drew);
    }

    /** True for an event that shows participants at work (not starting, waiting at the gate, narrating). */
    private static boolean moves(TraceEvent e) {
        return !(e.is(EventType.RUN_START)
                || e.is(EventType.SPAWN)
                || e.is(EventType.STEP_WAIT)
                || e.is(EventType.NOTE)
                || e.is(EventType.KILL)
                || e.is(EventType.EXIT));
    }
}
