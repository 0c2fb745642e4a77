package org.barrierlab.barrier.curator;

import java.util.List;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.imps.DefaultACLProvider;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.data.ACL;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;
import org.barrierlab.barrier.ZkClientProvider;
import org.barrierlab.barrier.ZkDoubleBarrier;

/**
 * Barrier Lab's barriers ({@link ZkBarrier}, {@link ZkDoubleBarrier}) for applications that reach
 * ZooKeeper through Apache Curator. The builders take a {@link CuratorFramework} and return the
 * same builders as the raw-ZooKeeper ones, with the same protocol, guarantees (see {@link
 * ZkBarrier} and {@link ZkDoubleBarrier}) and costs; only where the session comes from differs.
 *
 * <p><b>What is taken from the client.</b> Its namespace ({@code usingNamespace}): the barrier's
 * znodes live at the namespaced path, and {@code path()} of a handle reports that full path. An
 * ACL provider: the barrier's znodes get {@code getAclForPath(fullPath)} of the provider passed
 * to the three-argument builders (Curator does not expose the client's own, so pass the one the
 * client was built with; the two-argument builders use Curator's default, an open ACL); a later
 * {@code acl(...)} or {@code digest(...)} on the builder overrides it. Missing parents are created
 * with an open ACL, as by the raw builders. Its current ZooKeeper session, asked for before every
 * request. Curator's retry policy is not used: the barrier retries connection losses
 * itself, within the caller's deadline, in its one counted call layer.
 *
 * <p><b>Failure model</b> (in addition to the raw builders'). Curator's {@code SUSPENDED} is not
 * failure: a waiter keeps waiting within its deadline. {@code RECONNECTED} makes a waiter re-check
 * (re-arm its watch, one request). {@code LOST} (the session expired, or Curator gave it up after a
 * session timeout without a connection) ends the session of every handle of the client: a waiter
 * gets {@link ZkBrokenBarrierException} with reason {@code "session expired"}, and the generation
 * it had arrived at is broken for every other waiter (all-or-none), from the new session within
 * about a session timeout, or by the survivors when they see the old session's liveness node go.
 * The handle itself keeps working: on its next call it re-joins on the new session Curator
 * created, like a restarted member; as with {@link java.util.concurrent.CyclicBarrier}, the
 * broken barrier stays broken until some participant calls {@code reset()}.
 *
 * <pre>{@code
 * CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 5));
 * client.start();
 * try (ZkBarrier barrier = CuratorBarriers.barrier(client.usingNamespace("app"), "/barriers/step")
 *         .parties(3)
 *         .build()) {
 *     for (int round = 0; round < 10; round++) {
 *         compute(round);
 *         barrier.await(30, TimeUnit.SECONDS);
 *     }
 * }
 * }</pre>
 */
public final class CuratorBarriers {

    private CuratorBarriers() {}

    /**
     * A builder for a reusable barrier at {@code path} within the client's namespace, with
     * Curator's default ACL (open, as {@code DefaultACLProvider}).
     *
     * @param client a Curator client (started before the first {@code await})
     * @param path an absolute znode path, relative to the client's namespace
     * @throws IllegalArgumentException if the (namespaced) path is not a valid barrier path
     */
    public static ZkBarrier.Builder barrier(CuratorFramework client, String path) {
        return barrier(client, new DefaultACLProvider(), path);
    }

    /**
     * As {@link #barrier(CuratorFramework, String)}, the barrier's znodes getting {@code
     * aclProvider.getAclForPath(fullPath)}. Pass the provider the client was built with: Curator
     * does not expose a client's ACL provider.
     *
     * @throws IllegalArgumentException if the (namespaced) path is not a valid barrier path, or
     *     the provider gives an empty ACL
     */
    public static ZkBarrier.Builder barrier(CuratorFramework client, ACLProvider aclProvider, String path) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(aclProvider, "aclProvider");
        Objects.requireNonNull(path, "path");
        String full = namespaced(client, path);
        return ZkBarrier.builderOn(provider(client), full).acl(acl(aclProvider, full));
    }

    /**
     * A builder for a double barrier at {@code path} within the client's namespace, with Curator's
     * default ACL (open).
     *
     * @param client a Curator client (started before the first {@code enter})
     * @param path an absolute znode path, relative to the client's namespace
     * @throws IllegalArgumentException if the (namespaced) path is not a valid barrier path
     */
    public static ZkDoubleBarrier.Builder doubleBarrier(CuratorFramework client, String path) {
        return doubleBarrier(client, new DefaultACLProvider(), path);
    }

    /**
     * As {@link #doubleBarrier(CuratorFramework, String)}, the barrier's znodes getting {@code
     * aclProvider.getAclForPath(fullPath)}; pass the provider the client was built with.
     *
     * @throws IllegalArgumentException if the (namespaced) path is not a valid barrier path, or
     *     the provider gives an empty ACL
     */
    public static ZkDoubleBarrier.Builder doubleBarrier(CuratorFramework client, ACLProvider aclProvider, String path) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(aclProvider, "aclProvider");
        Objects.requireNonNull(path, "path");
        String full = namespaced(client, path);
        return ZkDoubleBarrier.builderOn(provider(client), full).acl(acl(aclProvider, full));
    }

    /**
     * The client as a {@link ZkClientProvider}: its current session and connection states. For
     * the raw builders' {@code builderOn}; note that this does not apply the namespace.
     */
    public static ZkClientProvider provider(CuratorFramework client) {
        return new CuratorClientProvider(Objects.requireNonNull(client, "client"));
    }

    private static List<ACL> acl(ACLProvider aclProvider, String fullPath) {
        List<ACL> acl = aclProvider.getAclForPath(fullPath);
        if (acl == null || acl.isEmpty()) {
            throw new IllegalArgumentException("the ACL provider gives no ACL for " + fullPath);
        }
        return acl;
    }

    private static String namespaced(CuratorFramework client, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(
                    "barrier path must be an absolute znode path like /barriers/b1, was '" + path + "'");
        }
        String ns = client.getNamespace();
        return ns == null || ns.isEmpty() ? path : ZKPaths.fixForNamespace(ns, path);
    }
}
