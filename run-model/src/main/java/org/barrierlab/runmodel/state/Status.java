package org.barrierlab.runmodel.state;

import java.util.Locale;

/**
 * What a participant is doing, in one word: the state the terminal view, the window and the
 * verdict all show. Derived by {@link ParticipantState#status()} from the participant's life
 * (alive, killed, exit code) and its {@link Phase}.
 *
 * <pre>{@code
 * if (p.status() == Status.DEAD) { ... }
 * String cell = p.status().label();   // "dead"
 * }</pre>
 */
public enum Status {
    /** Spawned, no event of its own yet. */
    STARTING,
    /** Spawned again (a restart), no event of its own yet. */
    RESTARTED,
    /** Alive, not inside a barrier operation (thinking, working, before its first barrier). */
    RUNNING,
    /** Stopped at the step gate before a barrier operation. */
    STEP,
    /** Inside a barrier operation, waiting for the others ({@code arrive}, {@code enter}, {@code leave}). */
    WAITING,
    /** Returned from a barrier operation ({@code pass}, {@code entered}). */
    PASSED,
    /**
     * Its barrier operation reported a broken generation; it may still be running or have ended
     * with the broken exit code ({@link org.barrierlab.runmodel.event.ExitCode#BROKEN}). Not dead.
     */
    BROKEN,
    /** Its JVM ended normally: it finished its story. */
    DONE,
    /** Killed, or its JVM ended abnormally (a crash): in class, "dead" means exactly this. */
    DEAD;

    /** Lower-case label, e.g. {@code dead}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
