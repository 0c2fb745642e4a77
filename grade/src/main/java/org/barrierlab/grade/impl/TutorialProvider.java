package org.barrierlab.grade.impl;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.Capability;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;
import org.barrierlab.tutorial.TutorialBarrier;

/**
 * Built-in {@code tutorial}: the ZooKeeper tutorial's {@code SyncPrimitive.Barrier} (our faithful
 * {@link TutorialBarrier}). Its double barrier is the tutorial's enter/leave; its simple barrier
 * is enter followed by leave, the way the course's phase 1 application crosses it round after
 * round.
 *
 * <p>It claims {@link Capability#REUSABLE} because that is how phase 1 uses it (a loop over the
 * same barrier node) and what a group starting from the tutorial would claim; the grade shows the
 * claim is false (ZOOKEEPER-1011). It claims nothing else: it has no member lists and no nesting.
 */
public final class TutorialProvider implements BarrierProvider {

    @Override
    public String name() {
        return "tutorial";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.REUSABLE);
    }

    @Override
    public SimpleBarrier simpleBarrier(BarrierSetup s) throws KeeperException, InterruptedException {
        TutorialBarrier b = open(s);
        return (timeout, unit) -> {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            timed(b.enter(timeout, unit), timeout, unit);
            timed(b.leave(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), timeout, unit);
        };
    }

    @Override
    public DoubleBarrier doubleBarrier(BarrierSetup s) throws KeeperException, InterruptedException {
        TutorialBarrier b = open(s);
        return new DoubleBarrier() {
            @Override
            public void enter(long timeout, TimeUnit unit)
                    throws KeeperException, InterruptedException, TimeoutException {
                timed(b.enter(timeout, unit), timeout, unit);
            }

            @Override
            public void leave(long timeout, TimeUnit unit)
                    throws KeeperException, InterruptedException, TimeoutException {
                timed(b.leave(timeout, unit), timeout, unit);
            }
        };
    }

    private static TutorialBarrier open(BarrierSetup s) throws KeeperException, InterruptedException {
        if (s.restricted() || s.outer().isPresent()) {
            throw new UnsupportedOperationException("the tutorial barrier has no member lists and no nesting");
        }
        return new TutorialBarrier(s.zooKeeper(), s.path(), s.parties(), s.participantId());
    }

    private static void timed(boolean done, long timeout, TimeUnit unit) throws TimeoutException {
        if (!done) {
            throw new TimeoutException(
                    "still waiting after " + timeout + " " + unit.toString().toLowerCase());
        }
    }
}
