package org.barrierlab.runmodel.state;

/**
 * Where a participant is relative to the barrier it last touched. Derived only from trace
 * events; {@link #NONE} before the first barrier operation.
 *
 * <pre>{@code
 * boolean blocked = state.participants().get("p1").phase().isWaiting();
 * }</pre>
 */
public enum Phase {
    /** Not at any barrier (before the first one, or after leaving the outermost scope). */
    NONE,
    /** Arrived at a simple barrier ({@code arrive}), waiting for the others. */
    WAITING,
    /** Returned from {@code await} ({@code pass}): released with its generation. */
    PASSED,
    /** Entering a double barrier ({@code enter}), waiting for the others. */
    ENTERING,
    /** Inside a double barrier ({@code entered}). */
    INSIDE,
    /** Leaving a double barrier ({@code leave}), waiting for the others. */
    LEAVING,
    /** Its barrier operation failed because the generation broke. */
    BROKEN;

    /** True while the participant blocks in a barrier operation. */
    public boolean isWaiting() {
        return this == WAITING || this == ENTERING || this == LEAVING;
    }
}
