package org.barrierlab.runmodel.record;

import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The one retry layer for a lost connection (launcher, participants, step gate): a ZooKeeper client whose server dies
 * (a killed leader, say) reconnects to another server of the ensemble within its session
 * timeout, and a call that failed with {@code ConnectionLoss} in the meantime is simply made
 * again. Only for calls that are safe to repeat, or whose repetition the caller handles (a
 * create that was applied before the connection broke fails with {@code NodeExists} the second
 * time; a sequential create is written twice).
 *
 * <pre>{@code
 * Stat s = ConnectionLossRetry.call(4000, () -> zk.exists(path, false));
 * }</pre>
 */
public final class ConnectionLossRetry {

    /** Pause between attempts: the client is reconnecting meanwhile. */
    static final long PAUSE_MILLIS = 100;

    private ConnectionLossRetry() {}

    /** A ZooKeeper call. */
    public interface Call<T> {
        T call() throws KeeperException, InterruptedException;
    }

    /** {@link #call(long, Call)} with the session timeout {@code zk} negotiated. */
    public static <T> T call(ZooKeeper zk, Call<T> call) throws KeeperException, InterruptedException {
        return call(zk.getSessionTimeout(), call);
    }

    /**
     * Makes {@code call}, again after each connection loss, for up to twice {@code
     * sessionTimeoutMillis} (the session expires after one; the second covers a reconnection
     * that completes just in time).
     *
     * @throws KeeperException.ConnectionLossException if the connection did not come back in time
     * @throws KeeperException for every other error, at once
     * @throws InterruptedException if interrupted while waiting to try again
     */
    public static <T> T call(long sessionTimeoutMillis, Call<T> call) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * sessionTimeoutMillis);
        while (true) {
            try {
                return call.call();
            } catch (KeeperException.ConnectionLossException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
            }
        }
    }
}
