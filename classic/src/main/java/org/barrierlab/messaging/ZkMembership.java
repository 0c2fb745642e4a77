package org.barrierlab.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * {@link Membership} through ephemeral presence nodes {@code <run>/algo/members/<pid>} whose
 * data is the incarnation token. {@link #join()} replaces a node left by a previous (killed)
 * incarnation of the same id, whose session may not have expired yet. Watchers only signal.
 *
 * <pre>{@code
 * ZkMembership members = new ZkMembership(zk, run, "p3", transport.incarnation());
 * members.join();
 * Map<String, String> live = members.live();
 * }</pre>
 */
public final class ZkMembership implements Membership {

    private final ZooKeeper zk;
    private final String dir;
    private final RunLayout run;
    private final String self;
    private final String incarnation;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Watcher watcher = event -> listeners.forEach(Runnable::run);

    public ZkMembership(ZooKeeper zk, RunLayout run, String self, String incarnation) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.dir = membersPath(run);
        this.run = run;
        this.self = RunLayout.requireName(self, "participant id");
        this.incarnation = Objects.requireNonNull(incarnation, "incarnation");
    }

    /** The parent of the presence nodes: {@code <run>/algo/members}. */
    public static String membersPath(RunLayout run) {
        return run.algorithms() + "/members";
    }

    /**
     * Creates this incarnation's ephemeral presence node, replacing a stale one.
     *
     * @throws KeeperException on ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public void join() throws KeeperException, InterruptedException {
        ZkPaths.ensureBelow(zk, run, dir);
        String path = dir + "/" + self;
        byte[] data = incarnation.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            try {
                zk.create(path, data, run.acl(), CreateMode.EPHEMERAL);
                return;
            } catch (KeeperException.NodeExistsException e) {
                if (attempt >= 3) {
                    throw e;
                }
                try {
                    zk.delete(path, -1); // a previous incarnation's node whose session is not yet expired
                } catch (KeeperException.NoNodeException gone) {
                    // expired meanwhile
                }
            }
        }
    }

    @Override
    public Map<String, String> live() throws KeeperException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        List<String> children;
        try {
            children = zk.getChildren(dir, watcher);
        } catch (KeeperException.NoNodeException e) {
            ZkPaths.ensureBelow(zk, run, dir);
            children = zk.getChildren(dir, watcher);
        }
        for (String c : children) {
            try {
                out.put(c, new String(zk.getData(dir + "/" + c, false, null), StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException e) {
                // left meanwhile
            }
        }
        return out;
    }

    @Override
    public void onChange(Runnable signal) {
        listeners.add(Objects.requireNonNull(signal, "signal"));
    }
}
