package org.barrierlab.visualizer.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * An immutable copy of a subtree of ZooKeeper (the run namespace) for the znode inspector, read
 * off the FX thread. Bounded: at most {@value #MAX_CHILDREN} children per node are read (the
 * newest ones, sorted by name) and at most {@value #MAX_NODES} nodes in all, so a long run's
 * event log cannot freeze the view (PrettyZoo's failure).
 *
 * <pre>{@code
 * ZnodeSnapshot tree = ZnodeSnapshot.read(zk, layout.root());
 * }</pre>
 *
 * @param path absolute path
 * @param data the node's data as UTF-8 text
 * @param stat the node's stat (czxid, mzxid, version, ephemeralOwner, ...)
 * @param children child snapshots, sorted by name
 * @param omittedChildren children not read because of the bounds
 */
public record ZnodeSnapshot(String path, String data, Stat stat, List<ZnodeSnapshot> children, int omittedChildren) {

    static final int MAX_CHILDREN = 200;
    static final int MAX_NODES = 3000;

    public ZnodeSnapshot {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(stat, "stat");
        children = List.copyOf(children);
    }

    /** The last path segment ({@code /} for the root). */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    /** A one-line summary of the stat, for the inspector. */
    public String statText() {
        return "czxid 0x" + Long.toHexString(stat.getCzxid())
                + "  mzxid 0x" + Long.toHexString(stat.getMzxid())
                + "  version " + stat.getVersion()
                + "  children " + stat.getNumChildren()
                + "  dataLength " + stat.getDataLength()
                + (stat.getEphemeralOwner() != 0
                        ? "  ephemeralOwner 0x" + Long.toHexString(stat.getEphemeralOwner())
                        : "");
    }

    /**
     * Reads the subtree at {@code root}; nodes that vanish while reading are left out.
     *
     * @throws KeeperException.NoNodeException if {@code root} does not exist
     * @throws KeeperException on other ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static ZnodeSnapshot read(ZooKeeper zk, String root) throws KeeperException, InterruptedException {
        int[] budget = {MAX_NODES};
        ZnodeSnapshot s = readNode(zk, root, budget);
        if (s == null) {
            throw new KeeperException.NoNodeException(root);
        }
        return s;
    }

    private static ZnodeSnapshot readNode(ZooKeeper zk, String path, int[] budget)
            throws KeeperException, InterruptedException {
        Stat stat = new Stat();
        byte[] data;
        List<String> names;
        try {
            data = zk.getData(path, false, stat);
            names = new ArrayList<>(zk.getChildren(path, false));
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
        budget[0]--;
        Collections.sort(names);
        int omitted = 0;
        if (names.size() > MAX_CHILDREN) {
            omitted = names.size() - MAX_CHILDREN;
            names = names.subList(omitted, names.size());
        }
        List<ZnodeSnapshot> children = new ArrayList<>();
        for (String name : names) {
            if (budget[0] <= 0) {
                omitted++;
                continue;
            }
            ZnodeSnapshot child = readNode(zk, path.equals("/") ? "/" + name : path + "/" + name, budget);
            if (child != null) {
                children.add(child);
            }
        }
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        return new ZnodeSnapshot(path, text, stat, children, omitted);
    }
}
