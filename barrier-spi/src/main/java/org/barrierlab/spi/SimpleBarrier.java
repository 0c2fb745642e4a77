package org.barrierlab.spi;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;

/**
 * A simple barrier, the course's {@code barrier_wait()}: {@link #await} returns once all parties
 * (or all members) have arrived. One handle belongs to one participant and is used by one thread.
 *
 * <pre>{@code
 * try (SimpleBarrier b = provider.simpleBarrier(setup)) {
 *     for (int round = 0; round < 10; round++) {
 *         b.await(30, TimeUnit.SECONDS);     // a reusable barrier: same handle every round
 *     }
 * }
 * }</pre>
 */
public interface SimpleBarrier extends AutoCloseable {

    /**
     * Arrives and waits until everybody has arrived. Only a timed form: the grader bounds every
     * wait, and an implementation that cannot honour a timeout is reported HUNG.
     *
     * @throws TimeoutException if the timeout elapsed before the barrier opened
     * @throws BrokenBarrierException if the implementation reports the barrier broken (a member
     *     died or gave up); optional, an implementation without broken semantics never throws it
     * @throws KeeperException on a ZooKeeper error the implementation does not handle
     * @throws InterruptedException if interrupted while waiting
     */
    void await(long timeout, TimeUnit unit)
            throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException;

    /** Releases what this handle holds (watches, ephemeral nodes, its own clients). Idempotent. */
    @Override
    default void close() {}
}
