package org.barrierlab.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One competitor of the benchmark at one N: N participants, each with its own ZooKeeper session,
 * driven step by step by the harness. Participant {@code p}'s steps are only ever called from one
 * thread at a time. Rounds are numbered from 0 without gaps over the whole life of the contender.
 */
abstract class Contender implements AutoCloseable {

    /** What a participant does in one step. */
    enum Step {
        AWAIT,
        ENTER,
        LEAVE
    }

    /** Session timeout of every participant session (the embedded servers allow up to 10 s). */
    static final int SESSION_TIMEOUT_MS = 10_000;

    final int n;

    Contender(int n) {
        this.n = n;
    }

    /** {@code barrierlab}, {@code curator}, {@code tutorial} or {@code floor}. */
    abstract String impl();

    /** True for a double barrier (ENTER and LEAVE steps), false for a simple one (AWAIT). */
    abstract boolean isDouble();

    /** False where back-to-back crossings are not meaningful (the floor). */
    boolean measuresThroughput() {
        return true;
    }

    /**
     * Opens the sessions and handles of the given participants (all of them in the threaded
     * benchmark, one in a participant JVM).
     */
    abstract void open(String connectString, String basePath, List<Integer> participants)
            throws IOException, KeeperException, InterruptedException, BenchException;

    /**
     * Participant {@code p} performs {@code step} of {@code round}; {@code last} is the
     * participant the harness lets arrive last (only the floor needs to know).
     *
     * @return false if the step did not complete within the timeout (a hang)
     */
    abstract boolean step(int p, Step step, long round, int last, long timeoutMillis)
            throws KeeperException, InterruptedException, BenchException;

    /** Cumulative traffic of participant {@code p}, wake-ups included. */
    abstract Counts counts(int p);

    /** Cumulative traffic of helpers that are not participants (Curator's controller). */
    Counts overhead() {
        return Counts.ZERO;
    }

    /** Wake-ups of helpers that are not participants, reported separately. */
    long overheadWakeups() {
        return 0;
    }

    /** The session of participant {@code p}, for in-flight tracking; null if unknown. */
    abstract CountingZooKeeper session(int p);

    /** Closes every session; idempotent, never throws. */
    @Override
    public abstract void close();

    /** Opens a counting session and waits (bounded) until it is connected. */
    static CountingZooKeeper connect(String connectString) throws IOException, InterruptedException, BenchException {
        CountDownLatch connected = new CountDownLatch(1);
        CountingZooKeeper zk = CountingZooKeeper.open(connectString, SESSION_TIMEOUT_MS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(SESSION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            closeQuietly(zk);
            throw new BenchException(
                    "could not connect to ZooKeeper at " + connectString + " within " + SESSION_TIMEOUT_MS + " ms");
        }
        return zk;
    }

    static void closeQuietly(ZooKeeper zk) {
        if (zk == null) {
            return;
        }
        try {
            zk.close(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
