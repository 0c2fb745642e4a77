package org.barrierlab.barrier;

import org.apache.zookeeper.ZooKeeper;

/** The raw-ZooKeeper provider: one fixed session, no state events; see {@link ZkClientProvider#of}. */
final class FixedSessionProvider implements ZkClientProvider {

    private final ZooKeeper zk;

    FixedSessionProvider(ZooKeeper zk) {
        this.zk = zk;
    }

    @Override
    public ZooKeeper zooKeeper() {
        return zk;
    }

    @Override
    public String toString() {
        return "ZkClientProvider.of(0x" + Long.toHexString(zk.getSessionId()) + ")";
    }
}
