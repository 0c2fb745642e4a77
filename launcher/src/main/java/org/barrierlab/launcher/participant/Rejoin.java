package org.barrierlab.launcher.participant;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * The participants' side of a restart that rejoins the run (docs/znode-layout.md, "Restart").
 * The launcher writes {@code rejoin/<id>} ({@code round=<r>}) before it kills {@code id}; the
 * restarted {@code id} resets each barrier before its first operation on it and then writes
 * {@code reset} there; a survivor whose barrier broke because {@code id} died (or because of
 * that reset) waits for {@code reset} and tries again, instead of reporting the broken barrier.
 * Exactly one participant resets, so no reset can break a generation somebody has already
 * re-arrived at. The marker is deleted once the restarted participant has passed a barrier.
 *
 * <p>Used by the participant's main thread only.
 */
final class Rejoin {

    static final String RESET = "reset";

    private final ZooKeeper zk;
    private final RunLayout run;
    private final String self;
    private final long deadlineNanos;
    private boolean cleared;

    Rejoin(ZooKeeper zk, RunLayout run, String self, long deadlineNanos) {
        this.zk = zk;
        this.run = run;
        this.self = self;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * A barrier broke because {@code who} died or reset it: if {@code who} is being restarted to
     * rejoin, waits until it has reset the barrier and returns true (try again); false if it is
     * not (report the broken barrier, as always).
     *
     * <p>Woken by: a change of the marker (a watch), at least once a second.
     *
     * @throws TimeoutException if the restarted participant did not reset before the run's deadline
     */
    boolean awaitReset(String who) throws KeeperException, InterruptedException, TimeoutException {
        if (who == null || who.isEmpty() || who.equals(self)) {
            return false;
        }
        String path = run.rejoin(who);
        boolean seen = false;
        while (true) {
            CountDownLatch changed = new CountDownLatch(1);
            Watcher w = e -> changed.countDown();
            byte[] data;
            try {
                data = zk.getData(path, w, null);
            } catch (KeeperException.NoNodeException e) {
                // Never marked: a plain death. Marked and gone: it has passed with us already.
                return seen;
            }
            seen = true;
            if (new String(data, StandardCharsets.UTF_8).trim().equals(RESET)) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(who + " was restarted but did not rejoin before the run's deadline");
            }
            changed.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        }
    }

    /** The restarted participant has reset a barrier: the survivors may try again. */
    void markReset() throws KeeperException, InterruptedException {
        try {
            zk.setData(run.rejoin(self), RESET.getBytes(StandardCharsets.UTF_8), -1);
        } catch (KeeperException.NoNodeException e) {
            // restarted by a launcher without markers: nobody waits for it
        }
    }

    /** The restarted participant has passed a barrier with the others: the restart is over. */
    void clear() throws KeeperException, InterruptedException {
        if (cleared) {
            return;
        }
        cleared = true;
        try {
            zk.delete(run.rejoin(self), -1);
        } catch (KeeperException.NoNodeException e) {
            // already gone
        }
    }
}
