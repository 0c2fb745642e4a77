package org.barrierlab.barrier;

import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Where a barrier handle gets its ZooKeeper session from: the seam between the barrier protocol
 * and a client library. The handle asks for the current {@link ZooKeeper} before every request
 * and is told about connection states; a handle is bound to the session it joined with, and when
 * the provider hands out a different {@code ZooKeeper} (a new session after an expiry), the handle
 * treats its old session as expired and re-joins on the new one.
 *
 * <p>Handles take a provider through {@link ZkBarrier#builderOn} and {@link
 * ZkDoubleBarrier#builderOn}. {@link #of(ZooKeeper)} is the provider behind {@link
 * ZkBarrier#builder(ZooKeeper, String)}: one fixed session, no state events (the handle sees expiry through the session's own events).
 * The {@code barrier-curator} module provides one for a {@code CuratorFramework}.
 *
 * <pre>{@code
 * ZkClientProvider provider = ZkClientProvider.of(zk);
 * ZkBarrier barrier = ZkBarrier.builderOn(provider, "/app/barriers/step").parties(3).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe; listeners are called on the client's event thread and
 * must not block (a barrier handle's listener only wakes its waiting thread).
 */
public interface ZkClientProvider {

    /**
     * The current ZooKeeper handle. Called before every request, so it must be cheap.
     *
     * @throws KeeperException.ConnectionLossException if no handle is available right now (the
     *     caller retries within its deadline)
     * @throws KeeperException on another failure of the client
     */
    ZooKeeper zooKeeper() throws KeeperException;

    /** Registers a listener for connection state changes; the default provides none. */
    default void addListener(Listener listener) {}

    /** Removes a listener added with {@link #addListener}; unknown listeners are ignored. */
    default void removeListener(Listener listener) {}

    /** Receives connection state changes; must not block. */
    @FunctionalInterface
    interface Listener {
        void stateChanged(ZkConnectionState state);
    }

    /**
     * A provider of one fixed session, which it never replaces: after its expiry every call of a
     * handle using it fails with {@link ZkBrokenBarrierException} ("session expired").
     */
    static ZkClientProvider of(ZooKeeper zk) {
        Objects.requireNonNull(zk, "zk");
        return new FixedSessionProvider(zk);
    }
}
