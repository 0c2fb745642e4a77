package org.barrierlab.barrier;

/**
 * Cumulative counters of one barrier handle, for tests and benchmarks. A snapshot: the values
 * do not change after it was taken.
 *
 * <pre>{@code
 * BarrierStats before = barrier.stats();
 * barrier.await();
 * BarrierStats cost = barrier.stats().minus(before);   // this crossing only
 * }</pre>
 *
 * @param requests ZooKeeper requests issued by the handle (each synchronous or asynchronous call,
 *     a {@code multi} counts once), including its liveness ring and garbage collection
 * @param notifications watch notifications received by the handle's watchers (node events;
 *     connection-state events are not counted)
 * @param wakeups times a thread blocked in {@code await}/{@code enter}/{@code leave} was woken
 *     to re-check the barrier
 * @param bytesRead bytes of znode data and child names returned to the handle
 */
public record BarrierStats(long requests, long notifications, long wakeups, long bytesRead) {

    /** The difference {@code this - earlier}, counter by counter. */
    public BarrierStats minus(BarrierStats earlier) {
        return new BarrierStats(
                requests - earlier.requests,
                notifications - earlier.notifications,
                wakeups - earlier.wakeups,
                bytesRead - earlier.bytesRead);
    }

    /** The sum of two snapshots, counter by counter (to aggregate handles). */
    public BarrierStats plus(BarrierStats other) {
        return new BarrierStats(
                requests + other.requests,
                notifications + other.notifications,
                wakeups + other.wakeups,
                bytesRead + other.bytesRead);
    }
}
