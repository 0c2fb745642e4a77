package org.barrierlab.launcher.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.barrierlab.runmodel.control.StepGate;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's side of a run's namespace {@code /barrierlab/runs/<run-id>}: its own
 * ZooKeeper session, the nodes a run starts with (the {@code run-start} event as the root's
 * data, {@code events}, {@code participants}, {@code barriers}, {@code control}, the step gate
 * and the ephemeral {@code launcher} node), the trace it writes, and the verdict it stores.
 * See docs/znode-layout.md.
 *
 * <p><b>Access.</b> The session authenticates with the run's secret, and every node of the run
 * carries the layout's ACL ({@link RunLayout#acl()}: the secret's digest, nothing for others).
 * The shared parents {@code /barrierlab} and {@code /barrierlab/runs} are created (if absent)
 * with {@link #SHARED_PARENT_ACL}: anybody may list runs and create or delete a run root, nobody
 * may change the parents. Deleting is harmless: ZooKeeper deletes only childless nodes, and a
 * run's root is created with its children in one {@code multi}, so it is never childless while
 * the run lasts, and its children need the secret.
 *
 * <p>Thread-safe (a ZooKeeper handle is); nothing here holds a lock.
 */
final class RunNamespace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunNamespace.class);

    /** Session timeout of the launcher's own ZooKeeper client. */
    static final int SESSION_TIMEOUT_MS = 4000;

    /** The shared parents of all runs: read, create and delete for anyone; no write, no admin. */
    static final List<ACL> SHARED_PARENT_ACL = sharedParentAcl();

    private final String connectString;
    private final ZooKeeper zk;
    private final RunLayout layout;
    private final ZkTraceRecorder recorder;

    private RunNamespace(String connectString, ZooKeeper zk, RunLayout layout) {
        this.connectString = connectString;
        this.zk = zk;
        this.layout = layout;
        this.recorder = new ZkTraceRecorder(zk, layout);
    }

    /**
     * Opens a session to the ensemble for the run {@code layout}.
     *
     * @throws RunSpecException if no session is established within 10 s
     */
    static RunNamespace connect(String connectString, RunLayout layout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new RunSpecException("cannot reach ZooKeeper at " + connectString + " (no session within 10 s)");
        }
        layout.authenticate(zk);
        return new RunNamespace(connectString, zk, layout);
    }

    RunLayout layout() {
        return layout;
    }

    String connectString() {
        return connectString;
    }

    /** The session, for the control channel and the step gate. */
    ZooKeeper zk() {
        return zk;
    }

    /**
     * Creates the run's nodes with {@code start} as the root's data and the first event, and
     * calls {@code onChange} on every change below the root from then on (a watcher: it must
     * only signal).
     *
     * @return the start event as stored
     * @throws RunSpecException if a run with this id already exists
     */
    TraceEvent create(TraceEvent start, boolean step, double speed, Runnable onChange)
            throws KeeperException, InterruptedException {
        ensure("/barrierlab");
        ensure(RunLayout.RUNS_ROOT);
        List<Op> skeleton = new ArrayList<>();
        // One multi: the root is never childless, so nobody without the secret can delete it.
        skeleton.add(Op.create(layout.root(), bytes(TraceJson.encode(start)), layout.acl(), CreateMode.PERSISTENT));
        for (String p : List.of(
                layout.events(), layout.participants(), layout.barriers(), layout.control(), layout.rejoins())) {
            skeleton.add(Op.create(p, new byte[0], layout.acl(), CreateMode.PERSISTENT));
        }
        try {
            zk.multi(skeleton);
        } catch (KeeperException.NodeExistsException e) {
            throw new RunSpecException("run " + layout.runId() + " already exists in " + connectString);
        }
        StepGate.create(zk, layout, step, speed);
        zk.create(
                layout.launcher(),
                bytes("host=" + localHost() + " pid=" + ProcessHandle.current().pid()),
                layout.acl(),
                CreateMode.EPHEMERAL);
        TraceEvent stored = recorder.record(start);
        zk.addWatch(layout.root(), e -> onChange.run(), AddWatchMode.PERSISTENT_RECURSIVE);
        return stored;
    }

    private void ensure(String path) throws KeeperException, InterruptedException {
        try {
            zk.create(path, new byte[0], SHARED_PARENT_ACL, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // shared by all runs
        }
    }

    private static List<ACL> sharedParentAcl() {
        List<ACL> acl = new ArrayList<>(); // mutable: ZooKeeper calls acl.contains(null)
        acl.add(new ACL(
                ZooDefs.Perms.READ | ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        return acl;
    }

    /**
     * Marks participant {@code id} as being restarted to rejoin the run: survivors that see it
     * die wait for it (and its reset of the broken barriers) instead of giving up.
     */
    void markRejoin(String id) throws KeeperException, InterruptedException {
        byte[] data = bytes("restarting");
        try {
            zk.create(layout.rejoin(id), data, layout.acl(), CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            zk.setData(layout.rejoin(id), data, -1); // restarted again before it rejoined
        }
    }

    /**
     * Waits until the presence node of {@code id}'s killed JVM is gone, i.e. its session has
     * expired (bounded by {@code timeoutMillis}); then deletes it if it is still there. The
     * session's other ephemeral nodes (its liveness nodes in every barrier it joined) vanish at
     * the same moment, so the survivors learn of the death at once from all of them, before a
     * restarted JVM exists; a node deleted early would leave the liveness nodes to announce the
     * death again seconds later, breaking the generations the restarted JVM has just reset.
     *
     * <p>Woken by: the node's deletion (a watch), or the timeout.
     *
     * @return true if the session expired within the timeout
     */
    boolean awaitPresenceGone(String id, long timeoutMillis) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String node = layout.participant(id);
        while (true) {
            CountDownLatch gone = new CountDownLatch(1);
            if (zk.exists(node, e -> gone.countDown()) == null) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !gone.await(left, TimeUnit.NANOSECONDS)) {
                try {
                    zk.delete(node, -1);
                } catch (KeeperException.NoNodeException e) {
                    return true; // expired just now
                }
                return false;
            }
        }
    }

    /** Appends an event to the run's trace. */
    TraceEvent record(TraceEvent e) throws KeeperException, InterruptedException {
        return recorder.record(e);
    }

    /** A reader of the trace from its beginning. */
    ZkTraceReader reader() {
        return new ZkTraceReader(zk, layout);
    }

    /** Stores the verdict line in the run's {@code verdict} node. */
    void storeVerdict(String line) throws KeeperException, InterruptedException {
        zk.create(layout.verdict(), bytes(line), layout.acl(), CreateMode.PERSISTENT);
    }

    /** The operating-system pid a participant announced in its presence node, if it did. */
    Optional<String> presencePid(String id) throws KeeperException, InterruptedException {
        byte[] data;
        try {
            data = zk.getData(layout.participant(id), false, null);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
        for (String part : new String(data, StandardCharsets.UTF_8).split("\\s+")) {
            if (part.startsWith("pid=")) {
                return Optional.of(part.substring(4));
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the run's namespace (for a run on an ensemble that outlives it: nobody without the
     * secret could ever remove it). Best effort: a failure is logged, not thrown.
     */
    void delete() {
        try {
            ConnectionLossRetry.call(zk, () -> {
                ZKUtil.deleteRecursive(zk, layout.root(), 1000);
                return null;
            });
        } catch (KeeperException.NoNodeException e) {
            // gone already
        } catch (KeeperException e) {
            LOG.warn("Could not delete the namespace of run {}: {}", layout.runId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the session: the {@code launcher} node disappears, participants stop on their own. */
    @Override
    public void close() {
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
