package org.barrierlab.runmodel.event;

import java.util.Locale;
import java.util.Optional;

/**
 * The event types of a run's trace. The wire name (stored in {@link TraceEvent#type()}) is the
 * constant's name in lower case with {@code _} replaced by {@code -}. Readers must ignore
 * types they do not know, so new types can be added without breaking old recordings.
 */
public enum EventType {
    // --- run lifecycle (written by the launcher) ---
    /** The run started; attrs: scenario, participants, rounds, speed. */
    RUN_START,
    /** The run ended; attrs: verdict (PASS, FAIL, HUNG, BROKEN), reason. */
    RUN_END,
    /** A participant JVM was started (or restarted); attrs: host, pid. */
    SPAWN,
    /** A participant JVM was killed by the launcher (fault injection); attrs: signal. */
    KILL,
    /** A participant exited; attrs: exit code. */
    EXIT,

    // --- barriers (written by participants through the barrier listener) ---
    /** About to arrive at a simple barrier (await); written before the arrival write. */
    ARRIVE,
    /** Returned from await; attrs: index (arrival index). */
    PASS,
    /** About to enter a double barrier; written before the arrival write. */
    ENTER,
    /** Returned from enter: everybody is inside. */
    ENTERED,
    /** About to leave a double barrier. */
    LEAVE,
    /** Returned from leave: everybody has left. */
    LEFT,
    /** The operation failed with a broken barrier; attrs: reason, by (who broke it). */
    BROKEN,
    /** This participant broke the generation (timeout, interrupt, death seen); attrs: reason. */
    BREAK,
    /**
     * A counting barrier (the ZooKeeper tutorial's) read its children to decide whether to go
     * on; attrs: op (enter or leave), count, want (the count its wait ends at), children
     * (comma-separated names read).
     */
    COUNT,
    /** The barrier was reset to a fresh generation. */
    RESET,
    /** Waiting for a step to be granted by the gate; attrs: op (the operation about to run). */
    STEP_WAIT,
    /** A step was granted and consumed. */
    STEP,
    /** Free-form narration line of a scenario's story; attrs: text. */
    NOTE,

    // --- classic algorithms (messaging, clock, election, mutex) ---
    /** A message was sent; attrs: to, msg (message id), kind, clock. */
    SEND,
    /** A message was received; attrs: from, msg, kind, clock. */
    RECEIVE,
    /** A local event with a Lamport clock; attrs: clock, text. */
    LOCAL,
    /** An election started at this participant; attrs: clock. */
    ELECTION,
    /** This participant now believes the leader is attrs.leader. */
    LEADER,
    /** A mutex request was made; attrs: request (request id). */
    REQUEST,
    /** The mutex was granted to this participant; attrs: request. */
    ACQUIRE,
    /** The mutex was released by this participant; attrs: request. */
    RELEASE,
    /** The mutex coordinator queued a request; attrs: request, requester, coordinator, rebuilt. */
    ENQUEUE,
    /** The mutex coordinator granted a request; attrs: request, requester, coordinator. */
    GRANT,
    /** A received message was discarded (unknown type or sender, malformed); attrs: msg, from, kind, reason. */
    DROP;

    /** The name stored in the trace, e.g. {@code run-start}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type with this wire name, or empty for an unknown (newer) type. */
    public static Optional<EventType> fromWireName(String wire) {
        for (EventType t : values()) {
            if (t.wireName().equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
