package edu.course.barrier;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.spi.DoubleBarrier;

/**
 * A one-shot barrier in the style of ZooKeeper's recipes, as a starting point: replace this class
 * with your group's barrier.
 *
 * <p>{@link #enter}: create the arrival node {@code <path>/<id>} (ephemeral), then wait until
 * {@code <path>/ready} exists; the process whose arrival makes the count reach {@code parties}
 * creates {@code ready}. {@link #leave}: delete the arrival node and wait until none is left.
 * {@link #barrierWait} is {@code enter}: a simple barrier. Not reusable ({@code ready} stays).
 */
final class Barrier implements DoubleBarrier {

    private final ZooKeeper zk;
    private final String path;
    private final int parties;
    private final String id;
    private final Semaphore changed = new Semaphore(0);
    private final Watcher wake = e -> changed.release();

    Barrier(ZooKeeper zk, String path, int parties, String id) throws KeeperException, InterruptedException {
        this.zk = zk;
        this.path = path;
        this.parties = parties;
        this.id = id;
        try {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // another process made it
        }
    }

    /** The course's barrier_wait(). */
    void barrierWait(long timeout, TimeUnit unit) throws KeeperException, InterruptedException, TimeoutException {
        enter(timeout, unit);
    }

    @Override
    public void enter(long timeout, TimeUnit unit) throws KeeperException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            zk.create(path + "/" + id, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        } catch (KeeperException.NodeExistsException e) {
            // our own arrival, written before a lost reply: arrivals are named by id, so never counted twice
        } catch (KeeperException.ConnectionLossException e) {
            // the write may have been applied; the retry above would see NodeExists
            try {
                zk.create(path + "/" + id, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            } catch (KeeperException.NodeExistsException again) {
                // it was
            }
        }
        // Set the watch before deciding to wait, so that no release slips in between.
        while (zk.exists(path + "/ready", wake) == null) {
            List<String> arrived = zk.getChildren(path, false);
            arrived.remove("ready");
            if (arrived.size() >= parties) {
                try {
                    zk.create(path + "/ready", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException e) {
                    // somebody else released it first
                }
                return;
            }
            waitForChange(deadline);
        }
    }

    @Override
    public void leave(long timeout, TimeUnit unit) throws KeeperException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            zk.delete(path + "/" + id, -1);
        } catch (KeeperException.NoNodeException e) {
            // already gone (a retried delete)
        }
        while (true) {
            List<String> left = zk.getChildren(path, wake);
            left.remove("ready");
            if (left.isEmpty()) {
                return;
            }
            waitForChange(deadline);
        }
    }

    private void waitForChange(long deadline) throws InterruptedException, TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("barrier " + path + " did not open in time");
        }
    }
}
