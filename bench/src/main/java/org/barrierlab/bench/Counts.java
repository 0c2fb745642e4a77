package org.barrierlab.bench;

/**
 * ZooKeeper traffic of one participant (or a sum of them): requests issued, watch notifications
 * received, wake-ups of the waiting thread and payload bytes read, and of those requests the ones
 * the participant's own thread issued and waited for (its critical path) with the bytes they
 * returned. Immutable.
 *
 * <pre>{@code
 * Counts before = zk.counts();
 * barrier.await();
 * Counts cost = zk.counts().minus(before);
 * }</pre>
 *
 * @param callerRequests requests the participant's thread waited for: for our library its own
 *     count ({@code BarrierStats.callerRequests}); for a counting client, its synchronous requests
 *     (Curator's barriers and the tutorial's issue no others)
 * @param callerBytesRead bytes returned by those requests
 */
public record Counts(
        long requests, long notifications, long wakeups, long bytesRead, long callerRequests, long callerBytesRead) {

    /** No traffic. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

    public Counts plus(Counts o) {
        return new Counts(
                requests + o.requests,
                notifications + o.notifications,
                wakeups + o.wakeups,
                bytesRead + o.bytesRead,
                callerRequests + o.callerRequests,
                callerBytesRead + o.callerBytesRead);
    }

    public Counts minus(Counts o) {
        return new Counts(
                requests - o.requests,
                notifications - o.notifications,
                wakeups - o.wakeups,
                bytesRead - o.bytesRead,
                callerRequests - o.callerRequests,
                callerBytesRead - o.callerBytesRead);
    }

    /** The same traffic with the wake-ups counted by the competitor (a client cannot see them). */
    public Counts withWakeups(long w) {
        return new Counts(requests, notifications, w, bytesRead, callerRequests, callerBytesRead);
    }
}
