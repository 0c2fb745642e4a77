package org.barrierlab.barrier;

import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breaks that run on the liveness ring's thread, untimed: after a death or a leave the ring
 * saw (every undecided slot), and a break the caller's thread could not finish (its arrival timed
 * out, or ZooKeeper was unreachable when it gave up). Only a break this handle decided is reported
 * ({@code BREAK}), and only for the current generation.
 */
final class RingBreaks {

    private static final Logger LOG = LoggerFactory.getLogger(RingBreaks.class);

    private final SlotNames names;
    private final BarrierSpec spec;
    private final SlotStore slots;
    private final SlotBreaker breaker;
    private final HandleState state;

    RingBreaks(SlotNames names, BarrierSpec spec, SlotStore slots, SlotBreaker breaker, HandleState state) {
        this.names = names;
        this.spec = spec;
        this.slots = slots;
        this.breaker = breaker;
        this.state = state;
    }

    /** Breaks slot x; reports {@code BREAK} if this handle's transaction decided it. */
    void breakQuietly(long x, String reason) {
        try {
            if (breaker.breakSlot(x, reason, Deadline.none()).result() == SlotBreaker.Result.MINE) {
                state.emit(BarrierEvent.Kind.BREAK, x, -1, reason, 0);
            }
        } catch (KeeperException e) {
            LOG.warn("{}: could not break {} ({}): {}", spec.participantId, names.slot(x), reason, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Breaks the undecided slots after a death or a leave (only those somebody waits at, if
     * {@code onlyIfWaiting}). Only the current generation (the lowest slot neither released nor
     * reset) gets a {@code BREAK} event, and only if this handle's break decided it: slots
     * created ahead are broken silently (nobody has arrived there; breaking them only stops later
     * arrivals), and a current slot somebody else broke first was reported by them. Several
     * survivors' rings run this at once, so one may find the current slot already broken: its
     * events must not name the next slot instead.
     *
     * <p>After a death, if no slot is undecided (every existing slot is released, and the next
     * one's background creation was lost or has not happened yet), the next slot is created and
     * broken here. Otherwise the survivors would create it later, arrive and wait for a member that
     * was judged dead before the slot existed, and a death is judged once (design §6.1). This holds
     * in parties mode too: there a death already breaks every open slot, including the ones created
     * ahead that nobody reached, so without this rule whether the survivors are broken would
     * depend on whether a background creation had landed. The next slot is the one after the
     * highest created slot, read <em>before</em> the listing: a slot created after that read is in
     * the listing.
     */
    void breakUndecided(String reason, boolean onlyIfWaiting) {
        try {
            boolean current = true;
            long highest = slots.highest(Deadline.none());
            for (long y : slots.existing(Deadline.none())) {
                SlotStore.State st = slots.state(Deadline.none(), y);
                boolean undecided = st.phase() == SlotStore.Phase.OPEN;
                if (!undecided && !(st.phase() == SlotStore.Phase.BROKEN && !st.reset())) {
                    continue; // released, reset or gone: not the current generation
                }
                if (undecided && (st.waiting() || !onlyIfWaiting)) {
                    if (current) {
                        breakQuietly(y, reason);
                    } else {
                        breaker.breakSlot(y, reason, Deadline.none());
                    }
                }
                current = false;
            }
            if (current && !onlyIfWaiting) {
                slots.ensureCreated(Deadline.none(), highest + 1);
                breakQuietly(highest + 1, reason);
            }
        } catch (KeeperException | TimeoutException | ZkBrokenBarrierException e) {
            LOG.warn("{}: could not break {} after '{}': {}", spec.participantId, spec.path, reason, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on BREAK", spec.participantId, e);
        }
    }
}
