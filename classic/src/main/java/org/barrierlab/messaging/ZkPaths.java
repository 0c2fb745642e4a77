package org.barrierlab.messaging;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Creates the persistent directories of the classic algorithms inside a run, never the run
 * itself: if the run's root is gone (cleaned up), creation fails with {@code NoNodeException}
 * instead of resurrecting the run.
 *
 * <pre>{@code
 * ZkPaths.ensureBelow(zk, run.root(), run.mailbox("p2"));
 * }</pre>
 */
public final class ZkPaths {

    private ZkPaths() {}

    /**
     * Creates {@code path} and its missing ancestors below {@code base} (which must exist) as
     * persistent nodes; nodes that exist already are fine.
     *
     * @throws IllegalArgumentException if {@code path} is not below {@code base}
     * @throws KeeperException.NoNodeException if {@code base} does not exist
     * @throws KeeperException on other ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static void ensureBelow(ZooKeeper zk, String base, String path)
            throws KeeperException, InterruptedException {
        if (!path.startsWith(base + "/")) {
            throw new IllegalArgumentException("path " + path + " must be below " + base);
        }
        if (zk.exists(path, false) != null) {
            return;
        }
        StringBuilder sb = new StringBuilder(base);
        for (String part : path.substring(base.length() + 1).split("/")) {
            sb.append('/').append(part);
            try {
                zk.create(sb.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // created by someone else: fine
            }
        }
    }
}
