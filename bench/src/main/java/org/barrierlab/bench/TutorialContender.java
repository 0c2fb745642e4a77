package org.barrierlab.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.tutorial.TutorialBarrier;

/**
 * The ZooKeeper tutorial's double barrier (our faithful reimplementation), reused at one path
 * round after round, as the tutorial's users would. Requests, notifications and bytes come from
 * the counting client; wake-ups from the barrier's own counter (times its waiting thread was
 * woken to re-count). It can hang under reuse (ZOOKEEPER-1011): a step that runs out of time is
 * reported as a hang.
 */
final class TutorialContender extends Contender {

    private final CountingZooKeeper[] sessions;
    private final TutorialBarrier[] barriers;

    TutorialContender(int n) {
        super(n);
        sessions = new CountingZooKeeper[n];
        barriers = new TutorialBarrier[n];
    }

    @Override
    String impl() {
        return "tutorial";
    }

    @Override
    boolean isDouble() {
        return true;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws IOException, KeeperException, InterruptedException, BenchException {
        for (int p : participants) {
            sessions[p] = connect(connectString);
            barriers[p] = new TutorialBarrier(sessions[p], basePath + "/barrier", n, "p" + p);
        }
    }

    @Override
    boolean step(int p, Step step, long round, int last, long timeoutMillis)
            throws KeeperException, InterruptedException {
        switch (step) {
            case ENTER:
                return barriers[p].enter(timeoutMillis, TimeUnit.MILLISECONDS);
            case LEAVE:
                return barriers[p].leave(timeoutMillis, TimeUnit.MILLISECONDS);
            default:
                throw new IllegalArgumentException("the tutorial barrier is a double barrier, step was " + step);
        }
    }

    @Override
    Counts counts(int p) {
        return sessions[p].counts().withWakeups(barriers[p].wakeups());
    }

    @Override
    CountingZooKeeper session(int p) {
        return sessions[p];
    }

    @Override
    public void close() {
        for (CountingZooKeeper zk : sessions) {
            closeQuietly(zk);
        }
    }
}
