package org.barrierlab.barrier;

/**
 * Where one handle stands, and the one place that reports to its listener: the next slot to
 * arrive at, the slot it saw broken (until somebody resets the barrier), the slot of its last
 * crossing attempt and of the running one. Written by the handle's owner thread (one call at a
 * time, see {@link BarrierProtocol}); volatile because {@code generation()} and {@code
 * isBroken()} are read from any thread.
 */
final class HandleState {

    private final BarrierSpec spec;
    private final SlotNames names;
    private final ZkCalls calls;

    /** Next slot to arrive at; -1 when unknown (locate it). */
    volatile long slot = -1;
    /** The slot this handle saw broken, until somebody resets the barrier; -1 if none. */
    volatile long brokenSlot = -1;
    /** Slot of the last crossing attempt; -1 if none yet. */
    volatile long lastSlot = -1;
    /** The slot this handle has arrived at (or is arriving at) in the running call; -1 if none. */
    volatile long crossing = -1;
    /** The slot this handle last passed (saw released); -1 if none. */
    private volatile long passed = -1;
    /** The last exception {@link #broken} reported to the listener; owner thread only. */
    private ZkBrokenBarrierException reported;

    HandleState(BarrierSpec spec, SlotNames names, ZkCalls calls) {
        this.spec = spec;
        this.names = names;
        this.calls = calls;
    }

    long generation() {
        long s = lastSlot >= 0 ? lastSlot : slot;
        return s < 0 ? 0 : names.generationOf(s);
    }

    boolean isBroken() {
        return brokenSlot >= 0;
    }

    /** Slot x was decided in this handle's favour: the next crossing is x+1. */
    void passed(long x) {
        passed = x;
        slot = x + 1;
        brokenSlot = -1;
    }

    /** Whether this handle's last crossing passed slot x (saw it released). */
    boolean hasPassed(long x) {
        return passed == x;
    }

    /**
     * Slot x is broken for this handle: it stays there until a reset, the listener hears {@code
     * BROKEN}, and the caller throws the returned exception.
     *
     * @param wake0 the wake-up count when the call began, or 0 to report none
     */
    ZkBrokenBarrierException broken(long x, SlotStore.Breakage b, long wake0) {
        brokenSlot = x;
        slot = x;
        emit(
                BarrierEvent.Kind.BROKEN,
                x,
                -1,
                (b.by().isEmpty() ? "" : b.by() + " ") + b.reason(),
                wake0 == 0 ? 0 : calls.wakeups() - wake0);
        reported = new ZkBrokenBarrierException(spec.path, names.generationOf(x), b.by(), b.reason());
        return reported;
    }

    /**
     * A call is about to throw e: if {@link #broken} did not report it (it came from a check of
     * the barrier's own nodes, e.g. {@code gen} deleted, rather than from a slot), the listener
     * hears {@code BROKEN} now, for the generation e names. So every call that throws {@link
     * ZkBrokenBarrierException} has exactly one {@code BROKEN} event.
     */
    void reportUnreported(ZkBrokenBarrierException e) {
        if (e != reported) {
            String by = e.brokenBy() == null ? "" : e.brokenBy();
            spec.listener.onEvent(new BarrierEvent(
                    BarrierEvent.Kind.BROKEN,
                    spec.path,
                    e.generation(),
                    -1,
                    spec.participantId,
                    (by.isEmpty() ? "" : by + " ") + e.reason(),
                    0));
        }
        reported = null;
    }

    void emit(BarrierEvent.Kind kind, long s, int index, String reason, long wakeups) {
        spec.listener.onEvent(new BarrierEvent(
                kind, spec.path, names.generationOf(Math.max(0, s)), index, spec.participantId, reason, wakeups));
    }
}
