package org.barrierlab.tutorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * Our own reimplementation of the ZooKeeper tutorial's {@code SyncPrimitive.Barrier}, kept
 * deliberately faithful to the published algorithm so the course can show its race (phase 1)
 * and the benchmark can measure its cost. <strong>Do not use it for anything else.</strong>
 *
 * <p>The algorithm: {@code enter} creates an ephemeral child named after the participant under
 * one root node, then loops: read the children with a watch; if fewer than {@code size}, wait
 * for any change; else return. {@code leave} deletes its child, then loops until the root has
 * no children. Every join and every leave wakes every waiter (a herd), and because the decision
 * is taken on a child <em>count</em> that goes back down when the first process leaves, a slow
 * process that re-counts after a fast one has left sees fewer than {@code size} children and
 * waits forever (ZOOKEEPER-1011). The timed forms exist only so a demo can say where a
 * participant is stuck instead of hanging; they do not fix anything.
 *
 * <pre>{@code
 * TutorialBarrier b = new TutorialBarrier(zk, "/barrierlab/runs/r1/barriers/tutorial", 4, "p1");
 * b.enter(30, TimeUnit.SECONDS);   // false: still waiting when the time ran out
 * b.leave(30, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Single-owner: one thread per instance.
 */
public final class TutorialBarrier implements Watcher {

    private final ZooKeeper zk;
    private final String root;
    private final int size;
    private final String name;
    private final List<ACL> acl;
    private final Object mutex = new Object();
    private final CountListener counts;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();

    /**
     * As the tutorial has it: every node it creates is open to every client.
     *
     * @param root path of the barrier node (created if absent)
     * @param size number of participants
     * @param participantId this participant's id, the name of its child node
     */
    public TutorialBarrier(ZooKeeper zk, String root, int size, String participantId)
            throws KeeperException, InterruptedException {
        this(zk, root, size, participantId, ZooDefs.Ids.OPEN_ACL_UNSAFE, CountListener.NONE);
    }

    /**
     * As {@link #TutorialBarrier(ZooKeeper, String, int, String)}, the nodes it creates
     * carrying {@code acl} (a run's ACL: the algorithm is the tutorial's, the run stays private).
     */
    public TutorialBarrier(ZooKeeper zk, String root, int size, String participantId, List<ACL> acl)
            throws KeeperException, InterruptedException {
        this(zk, root, size, participantId, acl, CountListener.NONE);
    }

    /**
     * As {@link #TutorialBarrier(ZooKeeper, String, int, String, List)}, telling {@code counts}
     * every child count the barrier reads, so a demo can show which count decided what.
     */
    public TutorialBarrier(
            ZooKeeper zk, String root, int size, String participantId, List<ACL> acl, CountListener counts)
            throws KeeperException, InterruptedException {
        // ZooKeeper calls acl.contains(null), which immutable List.of lists reject
        this.acl = new ArrayList<>(Objects.requireNonNull(acl, "acl"));
        this.counts = Objects.requireNonNull(counts, "counts");
        this.zk = Objects.requireNonNull(zk, "zk");
        this.root = Objects.requireNonNull(root, "root");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        this.size = size;
        this.name = RunLayout.requireName(participantId, "participant id");
        createParents(root);
    }

    private void createParents(String path) throws KeeperException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            sb.append('/').append(part);
            try {
                requests.incrementAndGet();
                zk.create(sb.toString(), new byte[0], acl, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // Already there: the tutorial's constructor ignores this too.
            }
        }
    }

    /** The tutorial's watcher: any event wakes the waiting thread, which re-counts. */
    @Override
    public void process(WatchedEvent event) {
        if (event.getType() == Event.EventType.None) {
            return;
        }
        notifications.incrementAndGet();
        synchronized (mutex) {
            mutex.notifyAll();
        }
    }

    /** Joins and waits until {@code size} children exist; false if the time ran out first. */
    public boolean enter(long timeout, TimeUnit unit) throws KeeperException, InterruptedException {
        requests.incrementAndGet();
        zk.create(root + "/" + name, new byte[0], acl, CreateMode.EPHEMERAL);
        return waitUntil(true, unit.toNanos(timeout));
    }

    /** Leaves and waits until no child remains; false if the time ran out first. */
    public boolean leave(long timeout, TimeUnit unit) throws KeeperException, InterruptedException {
        requests.incrementAndGet();
        zk.delete(root + "/" + name, 0);
        return waitUntil(false, unit.toNanos(timeout));
    }

    private boolean waitUntil(boolean entering, long timeoutNanos) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            synchronized (mutex) {
                requests.incrementAndGet();
                List<String> children = zk.getChildren(root, this);
                children.forEach(c -> bytesRead.addAndGet(c.length()));
                // Inside the tutorial's own lock (it reads under it): a listener must not block.
                counts.counted(entering, List.copyOf(children), entering ? size : 0);
                boolean done = entering ? children.size() >= size : children.isEmpty();
                if (done) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(mutex, left);
                wakeups.incrementAndGet();
            }
        }
    }

    /**
     * Told each child list the barrier reads while it waits, the moment it has read it: the
     * count that decides whether the participant goes on or waits again. Called on the
     * participant's thread inside the barrier's lock, so it must not block (an asynchronous
     * ZooKeeper write is fine).
     */
    @FunctionalInterface
    public interface CountListener {
        /** Tells nobody. */
        CountListener NONE = (entering, children, want) -> {};

        /**
         * @param entering true in {@code enter} (waiting for {@code want} children), false in
         *     {@code leave} (waiting for none)
         * @param children the child names read
         * @param want the count the wait ends at: the barrier's size on enter, 0 on leave
         */
        void counted(boolean entering, List<String> children, int want);
    }

    /** ZooKeeper requests issued by this instance. */
    public long requests() {
        return requests.get();
    }

    /** Watch notifications received (every join and leave of anyone, while watching). */
    public long notifications() {
        return notifications.get();
    }

    /** Times the waiting thread woke up to re-count. */
    public long wakeups() {
        return wakeups.get();
    }

    /** Bytes of child names read. */
    public long bytesRead() {
        return bytesRead.get();
    }

    public String root() {
        return root;
    }
}
