package org.barrierlab.runmodel.state;

import java.util.List;
import java.util.Objects;
import org.barrierlab.runmodel.event.ExitCode;

/**
 * One participant after some prefix of the trace, as {@link RunReducer} computes it. Immutable.
 * The terminal view, the window and the verdict all read this one record, so they cannot tell
 * different stories about the same run.
 *
 * <p>Life and place are kept apart: a killed participant is {@link Status#DEAD} and keeps the
 * place it had when it died ({@link #scope()}, {@link #generation()}, {@link #phase()} of its
 * last barrier event), so it is drawn dead where it really was.
 *
 * <pre>{@code
 * ParticipantState p = state.participants().get("p1");
 * String row = p.id() + " " + p.stateText() + " at " + p.scope() + " gen " + p.generation();
 * }</pre>
 *
 * @param id participant id
 * @param role its part in the story ({@code role} of its {@code spawn} event), empty if unknown
 * @param host host name from its {@code spawn} event, empty if unknown
 * @param osPid operating-system process id from {@code spawn}, empty if unknown
 * @param attempt 1 for the first JVM, 2 after the first restart..., 0 before any {@code spawn}
 * @param alive false after {@code kill} or {@code exit}, until a new {@code spawn}
 * @param killed true after a {@code kill} of its current JVM
 * @param exitCode the exit code of its current JVM ({@code exit} event), -1 while it runs
 * @param scope the barrier it is at (innermost), empty if none
 * @param phase where it is relative to {@link #scope()}
 * @param generation generation of its last barrier event, -1 if none
 * @param wakeups wake-ups of its last returned barrier operation ({@code wakeups} attr)
 * @param enclosing double-barrier scopes it has entered and not left yet, outermost first
 * @param stepWaiting true while it waits at the step gate
 * @param stepOp the operation it waits to run at the step gate ({@code op} attr), else empty
 * @param lastEvent wire name of the last event about it
 */
public record ParticipantState(
        String id,
        String role,
        String host,
        String osPid,
        int attempt,
        boolean alive,
        boolean killed,
        int exitCode,
        String scope,
        Phase phase,
        long generation,
        int wakeups,
        List<String> enclosing,
        boolean stepWaiting,
        String stepOp,
        String lastEvent) {

    public ParticipantState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(osPid, "osPid");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(phase, "phase");
        enclosing = List.copyOf(enclosing);
        Objects.requireNonNull(stepOp, "stepOp");
        Objects.requireNonNull(lastEvent, "lastEvent");
    }

    /** A participant named by {@code run-start} (or first seen in an event), not spawned yet. */
    public static ParticipantState fresh(String id) {
        return new ParticipantState(
                id, "", "", "", 0, true, false, -1, "", Phase.NONE, -1, 0, List.of(), false, "", "");
    }

    /** What it is doing, in one word: the state every view shows. */
    public Status status() {
        if (!alive) {
            if (killed) {
                return Status.DEAD;
            }
            if (exitCode == ExitCode.OK) {
                return Status.DONE;
            }
            return exitCode == ExitCode.BROKEN ? Status.BROKEN : Status.DEAD;
        }
        if (lastEvent.isEmpty() || lastEvent.equals("spawn")) {
            return attempt > 1 ? Status.RESTARTED : Status.STARTING;
        }
        if (stepWaiting) {
            return Status.STEP;
        }
        return switch (phase) {
            case NONE -> Status.RUNNING;
            case WAITING, ENTERING, LEAVING -> Status.WAITING;
            case PASSED, INSIDE -> Status.PASSED;
            case BROKEN -> Status.BROKEN;
        };
    }

    /** True once its JVM has ended normally (exit code 0): it finished its story. */
    public boolean finished() {
        return status() == Status.DONE;
    }

    /**
     * Killed, or its JVM ended abnormally. A participant that ended with the broken exit code
     * after reporting a broken barrier is not dead: it did what a survivor must do.
     */
    public boolean dead() {
        return status() == Status.DEAD;
    }

    /**
     * A short text for the participant's state, the same in the terminal and the window: the
     * {@link Status} label, except that a barrier operation in a double barrier names its step
     * ({@code entering}, {@code inside}, {@code leaving}).
     */
    public String stateText() {
        Status s = status();
        if (s == Status.WAITING || s == Status.PASSED) {
            return switch (phase) {
                case ENTERING -> "entering";
                case INSIDE -> "inside";
                case LEAVING -> "leaving";
                default -> s.label();
            };
        }
        return s.label();
    }

    /** How its JVM ended ({@code killed, exit 137}, {@code exit 3}), empty while it runs. */
    public String exitText() {
        String code = exitCode >= 0 ? "exit " + exitCode : "";
        if (killed) {
            return code.isEmpty() ? "killed" : "killed, " + code;
        }
        return code;
    }

    ParticipantState at(String newScope, Phase newPhase, long gen, String event) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                alive,
                killed,
                exitCode,
                newScope,
                newPhase,
                gen,
                wakeups,
                enclosing,
                stepWaiting,
                stepOp,
                event);
    }

    ParticipantState withWakeups(int w) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                alive,
                killed,
                exitCode,
                scope,
                phase,
                generation,
                w,
                enclosing,
                stepWaiting,
                stepOp,
                lastEvent);
    }

    ParticipantState withEnclosing(List<String> e) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                alive,
                killed,
                exitCode,
                scope,
                phase,
                generation,
                wakeups,
                e,
                stepWaiting,
                stepOp,
                lastEvent);
    }

    ParticipantState withStep(boolean waiting, String op, String event) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                alive,
                killed,
                exitCode,
                scope,
                phase,
                generation,
                wakeups,
                enclosing,
                waiting,
                op,
                event);
    }

    ParticipantState killedNow(String event) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                false,
                true,
                exitCode,
                scope,
                phase,
                generation,
                wakeups,
                enclosing,
                false,
                "",
                event);
    }

    ParticipantState exited(int code, String event) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                false,
                killed,
                code,
                scope,
                phase,
                generation,
                wakeups,
                enclosing,
                false,
                "",
                event);
    }

    ParticipantState spawned(String newRole, String newHost, String newPid, int newAttempt) {
        return new ParticipantState(
                id,
                newRole.isEmpty() ? role : newRole,
                newHost,
                newPid,
                newAttempt,
                true,
                false,
                -1,
                "",
                Phase.NONE,
                -1,
                0,
                List.of(),
                false,
                "",
                "spawn");
    }

    ParticipantState withLastEvent(String event) {
        return new ParticipantState(
                id,
                role,
                host,
                osPid,
                attempt,
                alive,
                killed,
                exitCode,
                scope,
                phase,
                generation,
                wakeups,
                enclosing,
                stepWaiting,
                stepOp,
                event);
    }
}
