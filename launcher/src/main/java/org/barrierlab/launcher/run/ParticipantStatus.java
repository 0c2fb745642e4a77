package org.barrierlab.launcher.run;

/**
 * A snapshot of one participant of a {@link Run}, as shown in the progress table and by the
 * visualizer: what it is doing, at which barrier and generation, and whether its JVM lives.
 * Immutable.
 *
 * <pre>{@code
 * for (ParticipantStatus p : run.participants()) {
 *     System.err.println(p.id() + " " + p.state().label() + " " + p.scope() + " gen " + p.generation());
 * }
 * }</pre>
 *
 * @param id participant id ({@code p1}...)
 * @param role its part in the story (may be empty)
 * @param host where its JVM runs ({@code local} on this machine)
 * @param state what it is doing
 * @param scope barrier path relative to the run root of its last barrier event, or empty
 * @param generation generation of that event, -1 if none
 * @param wakeups wake-ups reported by its last completed barrier operation
 * @param exitCode the JVM's exit code once it exited, else -1
 */
public record ParticipantStatus(
        String id, String role, String host, State state, String scope, long generation, long wakeups, int exitCode) {

    /** What a participant is doing. */
    public enum State {
        /** JVM started, no event yet. */
        STARTING,
        /** Between barrier operations (thinking, working). */
        RUNNING,
        /** Inside a barrier operation: arrived, waiting for the others. */
        WAITING,
        /** Stopped at the step gate. */
        STEP,
        /** Reported a broken barrier. */
        BROKEN,
        /** Exited normally. */
        DONE,
        /** Exited with an error. */
        FAILED,
        /** Killed by the launcher (fault injection). */
        KILLED;

        /** Lower-case label for tables. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True while the participant's JVM runs. */
    public boolean alive() {
        return exitCode < 0 && state != State.KILLED;
    }

    ParticipantStatus with(State s, String newScope, long gen, long wake) {
        return new ParticipantStatus(id, role, host, s, newScope, gen, wake, exitCode);
    }

    ParticipantStatus withState(State s) {
        return new ParticipantStatus(id, role, host, s, scope, generation, wakeups, exitCode);
    }

    ParticipantStatus exited(State s, int code) {
        return new ParticipantStatus(id, role, host, s, scope, generation, wakeups, code);
    }
}
