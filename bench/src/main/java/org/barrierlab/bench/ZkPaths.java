package org.barrierlab.bench;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Creates persistent paths for the benchmark's own bookkeeping (outside any measurement). */
final class ZkPaths {

    private ZkPaths() {}

    static void ensure(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            sb.append('/').append(part);
            try {
                zk.create(sb.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // Already there.
            }
        }
    }
}
