package org.barrierlab.launcher.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.Phase;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.Status;

/**
 * Tells a stalled run from a slow one: every live participant has been blocked in a barrier
 * operation with no new event for {@link #STALL_MILLIS}, not in step mode, and not within
 * {@link #AFTER_KILL_GRACE_MILLIS} of a kill (a victim's session must expire before the
 * survivors can learn of its death). Also says who is stuck where, for the {@code HUNG} verdict.
 * Reads the one {@link RunState}; pure apart from the clock values it is given.
 */
final class StallDetector {

    /** Every live participant blocked in a barrier with no new event for this long: HUNG. */
    static final long STALL_MILLIS = 3000;

    /** No stall is declared this soon after a kill (the victim's session must expire first). */
    static final long AFTER_KILL_GRACE_MILLIS = RunNamespace.SESSION_TIMEOUT_MS + 6000;

    private StallDetector() {}

    /** True if the run is stalled at {@code now} (all times from {@link System#nanoTime()}). */
    static boolean stalled(
            RunState state,
            List<ParticipantProcess> procs,
            boolean stepMode,
            long now,
            long lastEventNanos,
            long lastKillNanos) {
        if (stepMode
                || now - lastKillNanos < TimeUnit.MILLISECONDS.toNanos(AFTER_KILL_GRACE_MILLIS)
                || now - lastEventNanos < TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
            return false;
        }
        boolean anyAlive = false;
        for (ParticipantProcess p : procs) {
            if (!p.alive() || p.killed()) {
                continue;
            }
            anyAlive = true;
            ParticipantState s = state.participants().get(p.id());
            if (s == null || s.status() != Status.WAITING) {
                return false;
            }
        }
        return anyAlive;
    }

    /** Who is stuck where, e.g. {@code p1 in arrive of /barriers/all generation 3 (when)}. */
    static String describeStuck(RunState state, List<ParticipantProcess> procs, String when) {
        List<String> parts = new ArrayList<>();
        for (ParticipantProcess p : procs) {
            if (!p.alive() || p.killed()) {
                continue;
            }
            ParticipantState s = state.participants().getOrDefault(p.id(), ParticipantState.fresh(p.id()));
            switch (s.status()) {
                case WAITING -> parts.add(
                        p.id() + " in " + operation(s.phase()) + " of " + s.scope() + " generation " + s.generation());
                case STEP -> parts.add(p.id() + " at the step gate before "
                        + (s.stepOp().isEmpty() ? "its next operation" : s.stepOp()));
                case STARTING, RESTARTED -> parts.add(p.id() + " still starting");
                default -> parts.add(p.id() + " busy after " + (s.scope().isEmpty() ? "its last event" : s.scope()));
            }
        }
        if (parts.isEmpty()) {
            return "nobody is left running (" + when + ")";
        }
        return String.join(", ", parts) + " (" + when + ")";
    }

    /** The wire name of the barrier operation a participant blocks in. */
    private static String operation(Phase phase) {
        return switch (phase) {
            case ENTERING -> EventType.ENTER.wireName();
            case LEAVING -> EventType.LEAVE.wireName();
            default -> EventType.ARRIVE.wireName();
        };
    }
}
