package org.barrierlab.bench;

/**
 * ZooKeeper traffic of one participant (or a sum of them): requests issued, watch notifications
 * received, wake-ups of the waiting thread and payload bytes read. Immutable.
 *
 * <pre>{@code
 * Counts before = zk.counts();
 * barrier.await();
 * Counts cost = zk.counts().minus(before);
 * }</pre>
 */
public record Counts(long requests, long notifications, long wakeups, long bytesRead) {

    /** No traffic. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public Counts plus(Counts o) {
        return new Counts(
                requests + o.requests, notifications + o.notifications, wakeups + o.wakeups, bytesRead + o.bytesRead);
    }

    public Counts minus(Counts o) {
        return new Counts(
                requests - o.requests, notifications - o.notifications, wakeups - o.wakeups, bytesRead - o.bytesRead);
    }
}
