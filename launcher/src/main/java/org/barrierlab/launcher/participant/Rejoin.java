package org.barrierlab.launcher.participant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * The participants' side of a restart that rejoins the run (docs/znode-layout.md, "Restart").
 * The launcher writes {@code rejoin/<id>} before it kills {@code id}; the restarted {@code id}
 * resets each barrier it finds broken (and a double barrier whose round it retakes) and then
 * writes {@code reset} there (each reset a new version of the marker); a survivor whose barrier
 * broke while a marker exists waits for a reset newer than the last one it retried after, and
 * tries again, instead of reporting the broken barrier. Only the restarted participant resets,
 * and only barriers that cannot release without it, so no reset breaks a generation that is on
 * its way to a release. The marker is deleted when the restarted participant has played its
 * story to the end.
 *
 * <p>Used by the participant's main thread only.
 */
final class Rejoin {

    static final String RESET = "reset";

    private final ZooKeeper zk;
    private final RunLayout run;
    private final String self;
    private final long deadlineNanos;
    private final Map<String, Integer> seenResets = new HashMap<>();
    private boolean cleared;

    Rejoin(ZooKeeper zk, RunLayout run, String self, long deadlineNanos) {
        this.zk = zk;
        this.run = run;
        this.self = self;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * A barrier broke: if some participant is being restarted to rejoin (a marker exists), waits
     * until each one has reset the barrier since this participant last retried, and returns true
     * (try again); false if nobody is (report the broken barrier, as always). The reason of the
     * break is not consulted: a restart shows up as a death, a departure ("left": the new JVM
     * deletes the old presence node) or the restarted participant's own reset, depending on who
     * notices first; and a late notice of the death can break the fresh generation once more,
     * which the restarted participant answers with another reset (a new marker version).
     *
     * <p>Woken by: a change of the marker (a watch), at least once a second.
     *
     * @throws TimeoutException if a restarted participant did not reset before the run's deadline
     */
    boolean awaitReset() throws KeeperException, InterruptedException, TimeoutException {
        List<String> marked;
        try {
            marked = new ArrayList<>(zk.getChildren(run.rejoins(), false));
        } catch (KeeperException.NoNodeException e) {
            return false; // a run without rejoin markers
        }
        marked.remove(self);
        if (marked.isEmpty()) {
            return false;
        }
        for (String who : marked) {
            awaitReset(who);
        }
        return true;
    }

    private void awaitReset(String who) throws KeeperException, InterruptedException, TimeoutException {
        String path = run.rejoin(who);
        int seen = seenResets.getOrDefault(who, 0);
        while (true) {
            CountDownLatch changed = new CountDownLatch(1);
            Watcher w = e -> changed.countDown();
            Stat stat = new Stat();
            byte[] data;
            try {
                data = zk.getData(path, w, stat);
            } catch (KeeperException.NoNodeException e) {
                return; // it has finished its story: nothing to wait for
            }
            if (new String(data, StandardCharsets.UTF_8).trim().equals(RESET) && stat.getVersion() > seen) {
                seenResets.put(who, stat.getVersion());
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(who + " was restarted but did not rejoin before the run's deadline");
            }
            changed.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        }
    }

    /** True while this participant is a restarted one that has not finished its story yet. */
    boolean rejoining() {
        return !cleared;
    }

    /** The restarted participant has reset a barrier: the survivors may try again. */
    void markReset() throws KeeperException, InterruptedException {
        try {
            zk.setData(run.rejoin(self), RESET.getBytes(StandardCharsets.UTF_8), -1);
        } catch (KeeperException.NoNodeException e) {
            // restarted by a launcher without markers: nobody waits for it
        }
    }

    /** The restarted participant has played its story to the end: the restart is over. */
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
