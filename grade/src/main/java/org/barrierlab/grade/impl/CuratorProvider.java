package org.barrierlab.grade.impl;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.Capability;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;

/**
 * Built-in {@code curator}: Apache Curator's barrier recipes used as Curator documents them. The
 * double barrier is {@link DistributedDoubleBarrier} ({@code new DistributedDoubleBarrier(client,
 * path, memberQty)}, {@code enter}/{@code leave}); the simple barrier is {@code
 * DistributedBarrier} (a controller sets it, participants wait on it, the controller removes it),
 * see {@link CuratorSimpleBarrier}.
 *
 * <p>Claims: {@link Capability#NESTED} only, because Curator's barriers can be nested at separate
 * paths (an inner double barrier is just another barrier). Not reusable (a removed {@code
 * DistributedBarrier} is gone; a double barrier's {@code ready} node outlives its round), not
 * restricted ({@code memberQty} is a count, not a member list). {@code grade --assume reusable}
 * grades the claim Curator does not make.
 *
 * <p>One Curator client per participant, made by the participant's observed session so that its
 * requests and notifications are counted like everybody else's.
 */
public final class CuratorProvider implements BarrierProvider {

    private CuratorFramework client;

    @Override
    public String name() {
        return "curator";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.NESTED);
    }

    @Override
    public SimpleBarrier simpleBarrier(BarrierSetup s) throws KeeperException, InterruptedException {
        requireCountOnly(s);
        return new CuratorSimpleBarrier(client(s), s, path(s));
    }

    @Override
    public DoubleBarrier doubleBarrier(BarrierSetup s) throws InterruptedException {
        requireCountOnly(s);
        DistributedDoubleBarrier b = new DistributedDoubleBarrier(client(s), path(s), s.parties());
        return new DoubleBarrier() {
            @Override
            public void enter(long timeout, TimeUnit unit)
                    throws KeeperException, InterruptedException, TimeoutException {
                if (!CuratorCalls.run(() -> b.enter(timeout, unit))) {
                    throw new TimeoutException("DistributedDoubleBarrier.enter returned false after " + timeout + " "
                            + unit.toString().toLowerCase(Locale.ROOT));
                }
            }

            @Override
            public void leave(long timeout, TimeUnit unit)
                    throws KeeperException, InterruptedException, TimeoutException {
                if (!CuratorCalls.run(() -> b.leave(timeout, unit))) {
                    throw new TimeoutException("DistributedDoubleBarrier.leave returned false after " + timeout + " "
                            + unit.toString().toLowerCase(Locale.ROOT));
                }
            }
        };
    }

    /**
     * Curator has no notion of an outer barrier: a nested barrier is a barrier at a path of its own,
     * a sibling of the outer one ({@code <outer>-<name>}). Not below it: a double barrier's {@code
     * leave} waits for its path to have no children, so inner barriers' nodes below the outer path
     * would keep the outer {@code leave} waiting forever.
     */
    private static String path(BarrierSetup s) {
        if (s.outer().isEmpty()) {
            return s.path();
        }
        return s.path().substring(0, s.path().lastIndexOf('/')) + "-" + s.name();
    }

    private static void requireCountOnly(BarrierSetup s) {
        if (s.restricted()) {
            throw new UnsupportedOperationException("Curator's barriers take a member count, not a member list");
        }
    }

    private synchronized CuratorFramework client(BarrierSetup s) throws InterruptedException {
        if (client == null) {
            CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
                    .connectString(s.connectString())
                    .sessionTimeoutMs(4000)
                    .connectionTimeoutMs(4000)
                    .retryPolicy(new ExponentialBackoffRetry(100, 3));
            if (s.zooKeeper() instanceof SessionSource source) {
                b.zookeeperFactory(factory(source));
            }
            client = b.build();
            client.start();
            if (!client.blockUntilConnected(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Curator did not connect to " + s.connectString() + " within 15 s");
            }
        }
        return client;
    }

    private static ZookeeperFactory factory(SessionSource source) {
        return new ZookeeperFactory() {
            @Override
            public ZooKeeper newZooKeeper(
                    String connectString,
                    int sessionTimeout,
                    org.apache.zookeeper.Watcher watcher,
                    boolean canBeReadOnly)
                    throws java.io.IOException {
                return source.openSession(sessionTimeout, watcher, canBeReadOnly);
            }
        };
    }
}
