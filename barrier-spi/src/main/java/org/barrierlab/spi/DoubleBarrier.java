package org.barrierlab.spi;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;

/**
 * A double barrier, the course's {@code barrier_enter()} / {@code barrier_leave()} (ZooKeeper's
 * "Recipes" double barrier): {@link #enter} returns once everybody has entered, {@link #leave}
 * once everybody has left. One handle belongs to one participant and is used by one thread.
 *
 * <pre>{@code
 * try (DoubleBarrier festival = provider.doubleBarrier(setup)) {
 *     festival.enter(30, TimeUnit.SECONDS);
 *     compute();
 *     festival.leave(30, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public interface DoubleBarrier extends AutoCloseable {

    /**
     * Enters and waits until every party (member) has entered.
     *
     * @throws TimeoutException if the timeout elapsed first
     * @throws BrokenBarrierException if the implementation reports the barrier broken (optional)
     * @throws KeeperException on a ZooKeeper error the implementation does not handle
     * @throws InterruptedException if interrupted while waiting
     */
    void enter(long timeout, TimeUnit unit)
            throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException;

    /**
     * Leaves and waits until every party (member) has left.
     *
     * @throws TimeoutException if the timeout elapsed first
     * @throws BrokenBarrierException if the implementation reports the barrier broken (optional)
     * @throws KeeperException on a ZooKeeper error the implementation does not handle
     * @throws InterruptedException if interrupted while waiting
     */
    void leave(long timeout, TimeUnit unit)
            throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException;

    /** Releases what this handle holds. Idempotent. */
    @Override
    default void close() {}
}
