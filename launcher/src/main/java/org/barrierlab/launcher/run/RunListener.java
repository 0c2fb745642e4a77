package org.barrierlab.launcher.run;

import java.util.List;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Receives what happens in a {@link Run}. Called from the run's monitor thread (events, status,
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

    /** The participants' status changed (a full snapshot in participant order). */
    default void onStatus(List<ParticipantStatus> participants) {}

    /** A line a participant JVM (or its remote shell) wrote on stdout or stderr. */
    default void onOutput(String participant, String line) {}

    /** The run ended with this verdict (called once). */
    default void onVerdict(Verdict verdict) {}
}
