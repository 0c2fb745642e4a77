package org.barrierlab.launcher.run;

import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunState;

/**
 * Receives what happens in a {@link Run}. Called from the run's monitor thread (events, state,
 * verdict) and from output-pump threads ({@link #onOutput}); implementations must be quick and
 * thread-safe, and must not call back into ZooKeeper synchronously.
 *
 * <pre>{@code
 * run.addListener(new RunListener() {
 *     public void onEvent(TraceEvent e) { System.err.println(e); }
 * });
 * }</pre>
 */
public interface RunListener {

    /** A trace event was read from the run's namespace (in zxid order). */
    default void onEvent(TraceEvent event) {}

    /**
     * The run's state changed: the one reduction of the events read so far ({@link
     * org.barrierlab.runmodel.state.RunReducer}), the state the verdict and the visualizer show.
     */
    default void onState(RunState state) {}

    /** A line a participant JVM (or its remote shell) wrote on stdout or stderr. */
    default void onOutput(String participant, String line) {}

    /** The run ended with this verdict (called once). */
    default void onVerdict(Verdict verdict) {}
}
