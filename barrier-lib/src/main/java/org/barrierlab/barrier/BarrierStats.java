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
 * @param callerRequests of {@code requests}, those the calling thread of {@code await}, {@code
 *     enter}, {@code leave} or {@code reset} issued and waited for: the cost on the critical path.
 *     The rest ran in the background (creating slots ahead, garbage collection, the liveness ring,
 *     a watch removal nobody waits for).
 * @param callerBytesRead of {@code bytesRead}, the bytes those requests returned
 */
public record BarrierStats(
        long requests, long notifications, long wakeups, long bytesRead, long callerRequests, long callerBytesRead) {

    /** No traffic: the starting point of a sum. */
    public static final BarrierStats ZERO = new BarrierStats(0, 0, 0, 0, 0, 0);

    /** Requests that ran in the background: {@code requests - callerRequests}. */
    public long backgroundRequests() {
        return requests - callerRequests;
    }

    /** The difference {@code this - earlier}, counter by counter. */
    public BarrierStats minus(BarrierStats earlier) {
        return new BarrierStats(
                requests - earlier.requests,
                notifications - earlier.notifications,
                wakeups - earlier.wakeups,
                bytesRead - earlier.bytesRead,
                callerRequests - earlier.callerRequests,
                callerBytesRead - earlier.callerBytesRead);
    }

    /** The sum of two snapshots, counter by counter (to aggregate handles). */
    public BarrierStats plus(BarrierStats other) {
        return new BarrierStats(
                requests + other.requests,
                notifications + other.notifications,
                wakeups + other.wakeups,
                bytesRead + other.bytesRead,
                callerRequests + other.callerRequests,
                callerBytesRead + other.callerBytesRead);
    }
}
