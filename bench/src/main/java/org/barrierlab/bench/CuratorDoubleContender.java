package org.barrierlab.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.zookeeper.KeeperException;

/**
 * Curator's {@code DistributedDoubleBarrier}, at a fresh path every round (it cannot be reused).
 * Counted through the counting client; wake-ups = watch notifications delivered to the
 * participant, since each of Curator's barrier watchers wakes the waiting thread to re-read.
 */
final class CuratorDoubleContender extends Contender {

    private final CuratorFramework[] clients;
    private final List<AtomicReference<CountingZooKeeper>> zks;
    private final DistributedDoubleBarrier[] current;
    private final long[] currentRound;
    private String base;

    CuratorDoubleContender(int n) {
        super(n);
        clients = new CuratorFramework[n];
        zks = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            zks.add(new AtomicReference<>());
        }
        current = new DistributedDoubleBarrier[n];
        currentRound = new long[n];
    }

    @Override
    String impl() {
        return "curator";
    }

    @Override
    boolean isDouble() {
        return true;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws KeeperException, InterruptedException, BenchException {
        this.base = basePath;
        for (int p : participants) {
            clients[p] = CuratorClients.open(connectString, zks.get(p));
        }
    }

    @Override
    boolean step(int p, Step step, long round, int last, long timeoutMillis) throws BenchException {
        try {
            switch (step) {
                case ENTER:
                    current[p] = new DistributedDoubleBarrier(clients[p], base + "/r" + round, n);
                    currentRound[p] = round;
                    return current[p].enter(timeoutMillis, TimeUnit.MILLISECONDS);
                case LEAVE:
                    if (current[p] == null || currentRound[p] != round) {
                        throw new IllegalStateException("leave of round " + round + " without its enter");
                    }
                    return current[p].leave(timeoutMillis, TimeUnit.MILLISECONDS);
                default:
                    throw new IllegalArgumentException("a double barrier has no step " + step);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Curator declares "throws Exception".
            throw new BenchException("Curator double barrier failed: " + e, e);
        }
    }

    @Override
    Counts counts(int p) {
        Counts c = CuratorClients.counts(zks.get(p));
        return c.withWakeups(c.notifications());
    }

    @Override
    CountingZooKeeper session(int p) {
        return zks.get(p).get();
    }

    @Override
    public void close() {
        for (CuratorFramework c : clients) {
            if (c != null) {
                c.close();
            }
        }
    }
}
