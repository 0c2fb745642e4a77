package org.barrierlab.classic;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.barrierlab.messaging.Endpoint;
import org.barrierlab.messaging.ZkMembership;
import org.barrierlab.messaging.ZkPaths;
import org.barrierlab.messaging.ZkTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The common frame of the classic scenarios: a participant's transport, endpoint and presence,
 * the start wait (everyone present) and the end wait (every live participant done, so nobody
 * leaving looks like a failure to the others). Done markers are {@code <run>/algo/done/<pid>}
 * with the incarnation as data, so a previous incarnation's marker does not count.
 */
final class ClassicNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicNode.class);

    final ClassicContext ctx;
    final ZkTransport transport;
    final Endpoint ep;
    final ZkMembership members;
    final Random random;
    private final String doneDir;
    private final Semaphore wake = new Semaphore(0);
    private final Watcher doneWatcher = e -> wake.release();
    private boolean doneMarked;

    ClassicNode(ClassicContext ctx) {
        this.ctx = ctx;
        this.transport = new ZkTransport(ctx.zk(), ctx.run(), ctx.self());
        this.ep = new Endpoint(transport, ctx.participants(), ctx.trace()::record);
        this.members = new ZkMembership(ctx.zk(), ctx.run(), ctx.self(), ep.incarnation());
        this.members.onChange(wake::release);
        this.random = new Random(ctx.seed() * 31 + ctx.self().hashCode());
        this.doneDir = ctx.run().algorithms() + "/done";
        MDC.put("participant", ctx.self());
    }

    /** Starts delivery, joins the membership and waits (bounded) until everyone is present. */
    void startAndJoin(long deadlineNanos, ClassicTuning tuning) throws KeeperException, InterruptedException {
        ep.start();
        members.join();
        String started = ctx.run().algorithms() + "/started";
        if (ctx.zk().exists(started, false) != null) {
            return; // a restart (or a late joiner): the others are already running
        }
        long until =
                Math.min(deadlineNanos, System.nanoTime() + tuning.startWait().toNanos());
        while (true) {
            wake.drainPermits();
            Map<String, String> live = members.live();
            long left = until - System.nanoTime();
            boolean all = live.keySet().containsAll(ctx.participants());
            if (all || left <= 0) {
                if (!all) {
                    LOG.warn(
                            "{}: starting although only {} of {} are present",
                            ctx.self(),
                            live.keySet(),
                            ctx.participants());
                }
                try {
                    ctx.zk().create(started, new byte[0], ctx.run().acl(), CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException e) {
                    // marked by someone else
                }
                return;
            }
            wake.tryAcquire(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Marks this participant done and waits until every live participant is done.
     *
     * @throws TimeoutException if the deadline passes first
     */
    void finish(long deadlineNanos) throws KeeperException, InterruptedException, TimeoutException {
        markDone();
        while (true) {
            wake.drainPermits();
            if (allLiveDone()) {
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(ctx.self() + ": deadline passed while waiting for the others to finish");
            }
            wake.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
        }
    }

    /** Writes this incarnation's done marker (once). */
    void markDone() throws KeeperException, InterruptedException {
        if (doneMarked) {
            return;
        }
        ZkPaths.ensureBelow(ctx.zk(), ctx.run(), doneDir);
        String mine = doneDir + "/" + ctx.self();
        byte[] data = ep.incarnation().getBytes(StandardCharsets.UTF_8);
        try {
            ctx.zk().create(mine, data, ctx.run().acl(), CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            ctx.zk().setData(mine, data, -1);
        }
        doneMarked = true;
        ep.local("scenario", "done; waiting for the others to finish");
    }

    /** True if every live participant's current incarnation is done (re-arms the watches). */
    boolean allLiveDone() throws KeeperException, InterruptedException {
        Map<String, String> live = members.live();
        List<String> done = ctx.zk().getChildren(doneDir, doneWatcher);
        for (Map.Entry<String, String> p : live.entrySet()) {
            if (!done.contains(p.getKey()) || !p.getValue().equals(doneIncarnation(p.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Wakes the waits of this node (for listeners of the algorithms; only signals). */
    void wakeUp() {
        wake.release();
    }

    private String doneIncarnation(String pid) throws KeeperException, InterruptedException {
        try {
            return new String(ctx.zk().getData(doneDir + "/" + pid, doneWatcher, null), StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return "";
        }
    }

    /** A story pause of a random time in {@code [bound/4, bound]} ms, bounded by the deadline. */
    void think(long boundMillis, long deadlineNanos) throws InterruptedException, TimeoutException {
        long ms = boundMillis / 4 + (long) (random.nextDouble() * (boundMillis - boundMillis / 4));
        pause(ms, deadlineNanos);
    }

    /**
     * Sleeps for the story's pacing (not to let anything settle), or throws at the deadline.
     *
     * @throws TimeoutException if the deadline comes first
     */
    void pause(long millis, long deadlineNanos) throws InterruptedException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        long want = TimeUnit.MILLISECONDS.toNanos(millis);
        if (want >= left) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
            throw new TimeoutException(ctx.self() + ": scenario deadline passed");
        }
        TimeUnit.NANOSECONDS.sleep(want);
    }

    static void checkDeadline(ClassicContext ctx, long deadlineNanos, String doing) throws TimeoutException {
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new TimeoutException(ctx.self() + ": scenario deadline passed while " + doing);
        }
    }

    @Override
    public void close() {
        ep.close();
        MDC.remove("participant");
    }
}
