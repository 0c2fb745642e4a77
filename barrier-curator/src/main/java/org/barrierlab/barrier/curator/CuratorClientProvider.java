package org.barrierlab.barrier.curator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.barrier.ZkClientProvider;
import org.barrierlab.barrier.ZkConnectionState;

/**
 * A {@link ZkClientProvider} over a {@link CuratorFramework}: the current session is Curator's
 * current {@link ZooKeeper} (which Curator replaces after an expiry), and Curator's connection
 * states are passed on, READ_ONLY as SUSPENDED (a barrier cannot write there).
 */
final class CuratorClientProvider implements ZkClientProvider {

    private final CuratorFramework client;
    private final Map<Listener, ConnectionStateListener> listeners = new ConcurrentHashMap<>();

    CuratorClientProvider(CuratorFramework client) {
        this.client = client;
    }

    @Override
    public ZooKeeper zooKeeper() throws KeeperException {
        try {
            return client.getZookeeperClient().getZooKeeper();
        } catch (KeeperException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the Curator client is not started (or closed): " + e.getMessage(), e);
        } catch (Exception e) {
            // Curator's connection timeouts and queued background errors: no handle right now, the
            // caller retries within its deadline
            KeeperException loss = new KeeperException.ConnectionLossException();
            loss.initCause(e);
            throw loss;
        }
    }

    @Override
    public void addListener(Listener listener) {
        ConnectionStateListener l = (c, state) -> {
            ZkConnectionState mapped = map(state);
            if (mapped != null) {
                listener.stateChanged(mapped);
            }
        };
        if (listeners.putIfAbsent(listener, l) == null) {
            client.getConnectionStateListenable().addListener(l);
        }
    }

    @Override
    public void removeListener(Listener listener) {
        ConnectionStateListener l = listeners.remove(listener);
        if (l != null) {
            client.getConnectionStateListenable().removeListener(l);
        }
    }

    static ZkConnectionState map(ConnectionState state) {
        return switch (state) {
            case CONNECTED -> ZkConnectionState.CONNECTED;
            case SUSPENDED, READ_ONLY -> ZkConnectionState.SUSPENDED;
            case RECONNECTED -> ZkConnectionState.RECONNECTED;
            case LOST -> ZkConnectionState.LOST;
        };
    }

    @Override
    public String toString() {
        return "CuratorClientProvider[" + client.getZookeeperClient().getCurrentConnectionString() + "]";
    }
}
