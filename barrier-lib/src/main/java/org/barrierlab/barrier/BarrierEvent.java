package org.barrierlab.barrier;

import java.util.Objects;

/**
 * One event of a barrier handle, delivered to its {@link BarrierListener}. Immutable.
 *
 * <pre>{@code
 * BarrierListener l = e -> {
 *     if (e.kind() == BarrierEvent.Kind.PASS) {
 *         LOG.info("{} passed generation {}", e.participantId(), e.generation());
 *     }
 * };
 * }</pre>
 *
 * @param kind what happened
 * @param path the barrier's znode path
 * @param generation the generation (for double barriers: the round) the event belongs to
 * @param index the arrival index ({@code parties - 1} for the first arrival, 0 for the last) for
 *     PASS/ENTERED/LEFT, otherwise -1
 * @param participantId the participant id of the handle
 * @param reason for BROKEN/BREAK: why the generation broke (e.g. {@code "p3 timeout"}); for
 *     BROKEN it starts with the id of the participant that broke it; empty otherwise
 * @param wakeups wake-ups of the waiting thread during this call (PASS/ENTERED/LEFT/BROKEN),
 *     otherwise 0
 */
public record BarrierEvent(
        Kind kind, String path, long generation, int index, String participantId, String reason, long wakeups) {

    /** Event kinds; the trace's event types of the same names. */
    public enum Kind {
        /** About to arrive at a simple barrier (before the arrival write). */
        ARRIVE,
        /** Returned from {@code await}. */
        PASS,
        /** About to enter a double barrier (before the arrival write). */
        ENTER,
        /** Returned from {@code enter}: everybody is inside. */
        ENTERED,
        /** About to leave a double barrier (before the arrival write). */
        LEAVE,
        /** Returned from {@code leave}: everybody has left. */
        LEFT,
        /** The call failed because the generation is broken. */
        BROKEN,
        /** This handle broke the generation (timeout, interrupt, a member's death). */
        BREAK,
        /** This handle reset the barrier to a fresh generation. */
        RESET
    }

    public BarrierEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(reason, "reason");
    }
}
