package org.barrierlab.messaging;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/** Sessions and run namespaces on a real (in-process) ZooKeeper server for tests. */
public final class ZkTestSupport {
    private ZkTestSupport() {}

    /** A new session, connected (bounded wait). */
    public static ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 4000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("could not connect to " + connectString + " within 10 s");
        }
        return zk;
    }

    /** Creates the run root and its event log, as the launcher does. */
    public static RunLayout newRun(ZooKeeper zk, String runId) throws KeeperException, InterruptedException {
        RunLayout run = RunLayout.of(runId);
        for (String path : new String[] {"/barrierlab", RunLayout.RUNS_ROOT, run.root(), run.events()}) {
            try {
                zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // fine
            }
        }
        return run;
    }
}
