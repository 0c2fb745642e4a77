package org.barrierlab.visualizer.model;

import java.util.List;
import java.util.Objects;

/**
 * One participant after some prefix of the trace. Immutable.
 *
 * <pre>{@code
 * ParticipantState p = state.participants().get("p1");
 * String row = p.id() + " " + p.phase() + " at " + p.scope() + " gen " + p.generation();
 * }</pre>
 *
 * @param id participant id
 * @param host host name from its {@code spawn} event, empty if unknown
 * @param osPid operating-system process id from {@code spawn}, empty if unknown
 * @param alive false after {@code kill} or {@code exit}
 * @param exitInfo why it is not alive ({@code killed}, {@code exit 0}), empty while alive
 * @param scope the barrier it is at (innermost), empty if none
 * @param phase where it is relative to {@link #scope()}
 * @param generation generation of its last barrier event, -1 if none
 * @param wakeups wake-ups of its last returned barrier operation ({@code wakeups} attr)
 * @param enclosing double-barrier scopes it has entered and not left yet, outermost first
 * @param stepWaiting true while it waits at the step gate
 * @param lastEvent wire name of the last event it wrote
 */
public record ParticipantState(
        String id,
        String host,
        String osPid,
        boolean alive,
        String exitInfo,
        String scope,
        Phase phase,
        long generation,
        int wakeups,
        List<String> enclosing,
        boolean stepWaiting,
        String lastEvent) {

    public ParticipantState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(osPid, "osPid");
        Objects.requireNonNull(exitInfo, "exitInfo");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(phase, "phase");
        enclosing = List.copyOf(enclosing);
        Objects.requireNonNull(lastEvent, "lastEvent");
    }

    static ParticipantState fresh(String id) {
        return new ParticipantState(id, "", "", true, "", "", Phase.NONE, -1, 0, List.of(), false, "");
    }

    /** A short human-readable state for the participants panel. */
    /**
     * True once the participant's JVM has exited normally (exit code 0): it finished its story.
     * A finished participant is not alive, but it is not shown as dead either: in class, "DEAD"
     * must mean a crash or a kill.
     */
    public boolean finished() {
        return !alive && exitInfo.equals("exit 0");
    }

    /** Not alive and not {@link #finished()}: killed, crashed, or its presence vanished. */
    public boolean dead() {
        return !alive && !finished();
    }

    public String stateText() {
        if (finished()) {
            return "done";
        }
        if (!alive) {
            return exitInfo.isEmpty() ? "dead" : exitInfo;
        }
        if (stepWaiting) {
            return "step gate";
        }
        return switch (phase) {
            case NONE -> "running";
            case WAITING -> "waiting";
            case PASSED -> "passed";
            case ENTERING -> "entering";
            case INSIDE -> "inside";
            case LEAVING -> "leaving";
            case BROKEN -> "broken";
        };
    }

    ParticipantState at(String newScope, Phase newPhase, long gen, String event) {
        return new ParticipantState(
                id, host, osPid, alive, exitInfo, newScope, newPhase, gen, wakeups, enclosing, stepWaiting, event);
    }

    ParticipantState withWakeups(int w) {
        return new ParticipantState(
                id, host, osPid, alive, exitInfo, scope, phase, generation, w, enclosing, stepWaiting, lastEvent);
    }

    ParticipantState withEnclosing(List<String> e) {
        return new ParticipantState(
                id, host, osPid, alive, exitInfo, scope, phase, generation, wakeups, e, stepWaiting, lastEvent);
    }

    ParticipantState withStepWaiting(boolean w, String event) {
        return new ParticipantState(
                id, host, osPid, alive, exitInfo, scope, phase, generation, wakeups, enclosing, w, event);
    }

    ParticipantState withLife(boolean isAlive, String info, String event) {
        return new ParticipantState(
                id, host, osPid, isAlive, info, scope, phase, generation, wakeups, enclosing, false, event);
    }

    ParticipantState spawned(String newHost, String newPid) {
        return new ParticipantState(id, newHost, newPid, true, "", "", Phase.NONE, -1, 0, List.of(), false, "spawn");
    }

    ParticipantState withLastEvent(String event) {
        return new ParticipantState(
                id, host, osPid, alive, exitInfo, scope, phase, generation, wakeups, enclosing, stepWaiting, event);
    }
}
