package org.barrierlab.messaging;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * Creates the persistent directories of the classic algorithms inside a run, never the run
 * itself: if the run's root is gone (cleaned up), creation fails with {@code NoNodeException}
 * instead of resurrecting the run. The directories carry the run's ACL ({@link RunLayout#acl()}).
 *
 * <pre>{@code
 * ZkPaths.ensureBelow(zk, run, run.mailbox("p2"));
 * }</pre>
 */
public final class ZkPaths {

    private ZkPaths() {}

    /**
     * Creates {@code path} and its missing ancestors below the run's root (which must exist) as
     * persistent nodes with the run's ACL; nodes that exist already are fine.
     *
     * @throws IllegalArgumentException if {@code path} is not below the run's root
     * @throws KeeperException.NoNodeException if the run's root does not exist
     * @throws KeeperException on other ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static void ensureBelow(ZooKeeper zk, RunLayout run, String path)
            throws KeeperException, InterruptedException {
        String base = run.root();
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
                zk.create(sb.toString(), new byte[0], run.acl(), CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // created by someone else: fine
            }
        }
    }
}
