package org.barrierlab.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/** Curator clients whose ZooKeeper is a {@link CountingZooKeeper}. */
final class CuratorClients {

    private CuratorClients() {}

    /** A started, connected client; {@code zkOut} receives its (latest) counting ZooKeeper. */
    static CuratorFramework open(String connectString, AtomicReference<CountingZooKeeper> zkOut)
            throws InterruptedException, BenchException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(Contender.SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(Contender.SESSION_TIMEOUT_MS)
                .retryPolicy(new RetryOneTime(100))
                // No background getConfig traffic: only the recipe's own requests are counted.
                .ensembleTracker(false)
                .zookeeperFactory(CountingZooKeeper.factory(zkOut::set))
                .build();
        client.start();
        if (!client.blockUntilConnected(Contender.SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            client.close();
            throw new BenchException("Curator could not connect to " + connectString + " within "
                    + Contender.SESSION_TIMEOUT_MS + " ms");
        }
        return client;
    }

    static Counts counts(AtomicReference<CountingZooKeeper> zk) {
        CountingZooKeeper z = zk.get();
        return z == null ? Counts.ZERO : z.counts();
    }
}
