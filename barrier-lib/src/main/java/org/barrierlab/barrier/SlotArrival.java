package org.barrierlab.barrier;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;

/**
 * Writing one arrival and reading what a refused one means. An arrival at slot s is one
 * transaction {@code check(open), create(a-<id>), create(r-, sequential)}; the k-th arrival's child
 * is {@code r-<2k>} (see {@link SlotNames}). Refusals: the marker exists (our own arrival whose
 * reply was lost, recognised by this handle's nonce, or a second arrival with our id), or {@code
 * open} is gone (the slot was released, broken, reset, not yet created, or deleted).
 */
final class SlotArrival {

    /** The result of an arrival attempt: counted as the k-th, or redirected to another slot. */
    record Arrival(long k, long redirect) {}

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    private final SlotStore slots;
    private final SlotBreaker breaker;
    private final HandleState state;
    private final String id;
    private final int parties;
    /** Tells this handle's arrivals from an earlier incarnation's (or a duplicate id's). */
    private final byte[] nonce;

    SlotArrival(
            ZkCalls calls, SlotNames names, BarrierSpec spec, SlotStore slots, SlotBreaker breaker, HandleState state) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.slots = slots;
        this.breaker = breaker;
        this.state = state;
        this.id = spec.participantId;
        this.parties = spec.parties;
        this.nonce = (id + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes this handle's arrival at slot x; idempotent across lost replies. */
    Arrival arrive(long x, int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        List<Op> ops = List.of(
                Op.check(names.open(x), -1),
                Op.create(names.marker(x, id), nonce, spec.acl, CreateMode.PERSISTENT),
                Op.create(names.arrivalPrefix(x), nonce, spec.acl, CreateMode.PERSISTENT_SEQUENTIAL));
        try {
            List<OpResult> r = calls.multi(d, ops);
            return new Arrival(SlotNames.arrivalOrdinal(((OpResult.CreateResult) r.get(2)).getPath()), -1);
        } catch (KeeperException e) {
            int op = ZkCalls.failedOp(e);
            if (op == 1 && e.code() == KeeperException.Code.NODEEXISTS) {
                return earlierArrival(x, d);
            }
            if (op == 0 && e.code() == KeeperException.Code.NONODE) {
                return new Arrival(-1, redirect(x, phase, d));
            }
            throw e;
        }
    }

    /**
     * This handle's index in released slot x, from its own {@code r-} child, or -1 if it was not
     * counted there (the index promised to a caller whose wait was decided without it).
     */
    int releasedIndex(long x, Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        long ordinal = ownOrdinal(x, d);
        return ordinal > 0 && ordinal <= parties ? (int) (parties - ordinal) : -1;
    }

    /** k of this handle's own arrival child in slot x (matched by nonce), or -1. */
    private long ownOrdinal(long x, Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = calls.children(d, names.slot(x));
        for (String k : kids == null ? List.<String>of() : kids) {
            if (k.startsWith("r-") && Arrays.equals(calls.data(d, names.slot(x) + "/" + k, null), nonce)) {
                return SlotNames.arrivalOrdinal(k);
            }
        }
        return -1;
    }

    /** Our marker exists already: our own arrival whose reply was lost, or a second one with our id. */
    private Arrival earlierArrival(long x, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        byte[] marker = calls.data(d, names.marker(x, id), null);
        if (marker != null && Arrays.equals(marker, nonce)) {
            long ordinal = ownOrdinal(x, d);
            if (ordinal > 0) {
                return new Arrival(ordinal, -1);
            }
        }
        String reason = "participant id " + id + " arrived twice at generation " + names.generationOf(x)
                + " (a second handle or an earlier incarnation with this id)";
        SlotBreaker.Broke b = breaker.breakSlot(x, reason, d);
        throw state.broken(
                x, b.result() == SlotBreaker.Result.OTHER ? b.other() : new SlotStore.Breakage(id, reason), 0);
    }

    /** The arrival found slot x closed: where to go instead (or throw if x is broken for us). */
    private long redirect(long x, int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        // the highest created slot is read first: creation bumps it atomically with the slot node,
        // so "missing although created" then really means deleted (read the other way round, a
        // creation between the two reads would look like a deletion)
        long highest = slots.highest(d);
        SlotStore.State st = slots.state(d, x);
        switch (st.phase()) {
            case MISSING -> {
                if (highest < x) {
                    slots.ensureCreated(d, x);
                    return x;
                }
                if (!spec.restricted()) {
                    return slots.locate(d, phase, x); // parties mode: a straggler joins the current crossing
                }
                throw state.broken(
                        x,
                        new SlotStore.Breakage(
                                "",
                                "generation " + names.generationOf(x) + " of " + spec.path
                                        + " was deleted by someone outside the barrier"),
                        0);
            }
            case RELEASED -> {
                return names.nextOfSameKind(x); // full before we came: surplus
            }
            case BROKEN -> {
                if (phase == 1 && spec.kind == BarrierSpec.Kind.DOUBLE) {
                    SlotStore.Breakage b = slots.breakage(d, x);
                    if (b.reason().equals("reset")) {
                        b = new SlotStore.Breakage(
                                "", "round " + names.generationOf(x) + " was reset while " + id + " was inside");
                    }
                    throw state.broken(x, b, 0);
                }
                if (st.reset()) {
                    return slots.locate(d, phase, x + 1);
                }
                throw state.broken(x, slots.breakage(d, x), 0);
            }
            default -> {
                return x;
            }
        }
    }
}
