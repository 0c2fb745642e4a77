package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.BarrierStats;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.barrier.curator.CuratorBarriers;

/**
 * Our protocol reached through Apache Curator ({@code barrier-curator}): one {@link
 * CuratorFramework} per participant, built like the Curator contenders' clients, and one handle
 * from {@link CuratorBarriers} per participant for the whole run. Like with like: a Curator user
 * compares this row with Curator's own barriers, and it should cost what the raw-ZooKeeper row
 * costs (the session comes from Curator, the requests are the same).
 */
final class BarrierLabCuratorContender extends Contender {

    private final boolean dbl;
    private final boolean members;
    private final CuratorFramework[] clients;
    private final List<AtomicReference<CountingZooKeeper>> zks = new ArrayList<>();
    private final ZkBarrier[] simple;
    private final ZkDoubleBarrier[] doubles;

    /** @param members give the barrier its member list instead of a party count */
    BarrierLabCuratorContender(int n, boolean dbl, boolean members) {
        super(n);
        this.dbl = dbl;
        this.members = members;
        clients = new CuratorFramework[n];
        simple = new ZkBarrier[n];
        doubles = new ZkDoubleBarrier[n];
        for (int i = 0; i < n; i++) {
            zks.add(new AtomicReference<>());
        }
    }

    @Override
    String impl() {
        return "barrierlab-curator";
    }

    @Override
    boolean isDouble() {
        return dbl;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws InterruptedException, BenchException {
        for (int p : participants) {
            clients[p] = CuratorClients.open(connectString, zks.get(p));
        }
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("p" + i);
        }
        for (int p : participants) {
            if (dbl) {
                ZkDoubleBarrier.Builder b = CuratorBarriers.doubleBarrier(clients[p], basePath + "/double");
                doubles[p] = (members ? b.members(ids) : b.parties(n))
                        .participantId("p" + p)
                        .build();
            } else {
                ZkBarrier.Builder b = CuratorBarriers.barrier(clients[p], basePath + "/await");
                simple[p] = (members ? b.members(ids) : b.parties(n))
                        .participantId("p" + p)
                        .build();
            }
        }
    }

    @Override
    boolean step(int p, Step step, long round, int last, long timeoutMillis)
            throws KeeperException, InterruptedException, BenchException {
        try {
            switch (step) {
                case AWAIT:
                    simple[p].await(timeoutMillis, TimeUnit.MILLISECONDS);
                    return true;
                case ENTER:
                    doubles[p].enter(timeoutMillis, TimeUnit.MILLISECONDS);
                    return true;
                case LEAVE:
                    doubles[p].leave(timeoutMillis, TimeUnit.MILLISECONDS);
                    return true;
                default:
                    throw new IllegalArgumentException("unknown step " + step);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (BrokenBarrierException e) {
            throw new BenchException("barrier broken at round " + round + ": " + e.getMessage(), e);
        }
    }

    @Override
    Counts counts(int p) {
        BarrierStats s = dbl ? doubles[p].stats() : simple[p].stats();
        return new Counts(s.requests(), s.notifications(), s.wakeups(), s.bytesRead());
    }

    @Override
    CountingZooKeeper session(int p) {
        return zks.get(p).get();
    }

    @Override
    public void close() {
        for (int p = 0; p < n; p++) {
            try {
                if (simple[p] != null) {
                    simple[p].close();
                }
                if (doubles[p] != null) {
                    doubles[p].close();
                }
            } catch (RuntimeException e) {
                // closing the client below cleans up anyway
            }
            if (clients[p] != null) {
                clients[p].close();
            }
        }
    }
}
