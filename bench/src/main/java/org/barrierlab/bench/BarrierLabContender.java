package org.barrierlab.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.BarrierStats;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;

/**
 * Our library: one reusable {@link ZkBarrier} (or {@link ZkDoubleBarrier}) per participant at
 * one path for the whole run, each participant reaching ZooKeeper as {@link LibClient} says (a raw
 * session, or a Curator client through barrier-curator). Counts come from the handles' own
 * counters ({@link BarrierStats}); the counting client records the same traffic independently as
 * a cross-check.
 */
final class BarrierLabContender extends Contender {

    private final boolean dbl;
    private final boolean members;
    private final LibClient client;
    private final LibClient.Session[] sessions;
    private final ZkBarrier[] simple;
    private final ZkDoubleBarrier[] doubles;

    /**
     * @param members give the barrier its member list instead of a party count
     * @param client how every participant reaches ZooKeeper
     */
    BarrierLabContender(int n, boolean dbl, boolean members, LibClient client) {
        super(n);
        this.dbl = dbl;
        this.members = members;
        this.client = client;
        sessions = new LibClient.Session[n];
        simple = new ZkBarrier[n];
        doubles = new ZkDoubleBarrier[n];
    }

    @Override
    String impl() {
        return client.impl();
    }

    @Override
    boolean isDouble() {
        return dbl;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws IOException, KeeperException, InterruptedException, BenchException {
        for (int p : participants) {
            sessions[p] = client.open(connectString);
        }
        ZkPaths.ensure(sessions[participants.get(0)].zooKeeper().get(), basePath);
        for (int p : participants) {
            if (dbl) {
                ZkDoubleBarrier.Builder b = sessions[p].doubleBarrier().apply(basePath + "/double");
                doubles[p] = (members ? b.members(memberIds()) : b.parties(n))
                        .participantId("p" + p)
                        .build();
            } else {
                ZkBarrier.Builder b = sessions[p].barrier().apply(basePath + "/await");
                simple[p] = (members ? b.members(memberIds()) : b.parties(n))
                        .participantId("p" + p)
                        .build();
            }
        }
    }

    /** Participant ids p0..p(n-1): every harness numbers participants from 0. */
    private List<String> memberIds() {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("p" + i);
        }
        return ids;
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
        return new Counts(
                s.requests(), s.notifications(), s.wakeups(), s.bytesRead(), s.callerRequests(), s.callerBytesRead());
    }

    @Override
    CountingZooKeeper session(int p) {
        return sessions[p] == null ? null : sessions[p].zooKeeper().get();
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
                // Closing the session below cleans up anyway.
            }
            if (sessions[p] != null) {
                sessions[p].close().run();
            }
        }
    }
}
