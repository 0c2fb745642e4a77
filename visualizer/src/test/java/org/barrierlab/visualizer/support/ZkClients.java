package org.barrierlab.visualizer.support;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** A connected ZooKeeper client, with a bounded wait. */
public final class ZkClients {

    private ZkClients() {}

    public static ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("no connection to " + connectString + " within 20 s");
        }
        return zk;
    }
}
