package org.barrierlab.grade.impl;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.SimpleBarrier;

/**
 * Curator's {@link DistributedBarrier} as an N-party simple barrier, the way its Javadoc describes
 * it: a controller sets the barrier, participants wait on it, the controller removes it. The
 * controller is the participant that creates {@code <path>/controller} first (a role taken during
 * the run, no dedicated server); it learns that all N have arrived from the arrival nodes {@code
 * <path>/arrivals/<id>} and removes the barrier then. Every participant sets the barrier when it
 * builds its handle ({@code setBarrier} is idempotent): all handles are built before the N-th
 * arrival, so none can be built after the removal.
 */
final class CuratorSimpleBarrier implements SimpleBarrier {

    private final CuratorFramework client;
    private final BarrierSetup setup;
    private final String path;
    private final DistributedBarrier barrier;
    private final boolean controller;

    CuratorSimpleBarrier(CuratorFramework client, BarrierSetup setup, String path)
            throws KeeperException, InterruptedException {
        this.client = client;
        this.setup = setup;
        this.path = path;
        this.barrier = new DistributedBarrier(client, path + "/gate");
        try {
            CuratorCalls.run(() -> client.create().creatingParentsIfNeeded().forPath(path + "/arrivals"));
        } catch (KeeperException.NodeExistsException e) {
            // another participant made it
        }
        boolean won;
        try {
            CuratorCalls.run(() -> {
                barrier.setBarrier();
                return client.create().withMode(CreateMode.EPHEMERAL).forPath(path + "/controller");
            });
            won = true;
        } catch (KeeperException.NodeExistsException e) {
            won = false;
        }
        this.controller = won;
    }

    @Override
    public void await(long timeout, TimeUnit unit) throws KeeperException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            CuratorCalls.run(() -> client.create()
                    .withMode(CreateMode.EPHEMERAL)
                    .forPath(path + "/arrivals/" + setup.participantId()));
        } catch (KeeperException.NodeExistsException e) {
            // our own arrival, re-created by Curator's retry after a lost reply
        }
        if (controller) {
            awaitArrivals(deadline);
            CuratorCalls.run(() -> {
                barrier.removeBarrier();
                return null;
            });
            return;
        }
        long left = deadline - System.nanoTime();
        if (!CuratorCalls.run(() -> barrier.waitOnBarrier(Math.max(0, left), TimeUnit.NANOSECONDS))) {
            throw new TimeoutException("DistributedBarrier.waitOnBarrier returned false");
        }
    }

    private void awaitArrivals(long deadline) throws KeeperException, InterruptedException, TimeoutException {
        // The watcher only signals; the controller's thread re-reads (no ZooKeeper call under a lock).
        Semaphore changed = new Semaphore(0);
        Watcher wake = e -> changed.release();
        while (true) {
            int arrived = CuratorCalls.run(
                            () -> client.getChildren().usingWatcher(wake).forPath(path + "/arrivals"))
                    .size();
            if (arrived >= setup.parties()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                throw new TimeoutException(
                        "controller saw " + arrived + " of " + setup.parties() + " arrivals when time ran out");
            }
            changed.drainPermits();
        }
    }
}
