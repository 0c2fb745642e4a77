package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one contender's N participants, each on its own thread with its own session.
 *
 * <p><b>Controlled rounds</b> (latency and cost): the N-1 waiters call one after the other, each
 * only once the previous one is blocked on its watch (thread parked, no request in flight), then
 * the last participant calls; the release latency is from that call to the latest return. The last one
 * rotates. Counters are read between steps, so enter and leave are costed separately.
 *
 * <p><b>Back-to-back crossings</b> (throughput): all participants loop without any coordination
 * but the barrier itself; crossings per second = crossings / wall time.
 */
final class ThreadHarness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadHarness.class);

    /** How long the harness waits for the waiters to block before releasing anyway. */
    private static final long PARK_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Extra bound per staggered arrival before the first waiter's call counts as a hang. */
    static final long STAGGER_ALLOWANCE_MILLIS = 200;

    private final Contender contender;
    private final int n;
    private final ExecutorService[] workers;
    private final Thread[] threads;
    private final boolean[] started;
    private long nextRound;

    record Timing(long callNanos, long returnNanos, boolean ok) {}

    ThreadHarness(Contender contender) {
        this.contender = contender;
        this.n = contender.n;
        this.workers = new ExecutorService[n];
        this.threads = new Thread[n];
        this.started = new boolean[n];
        for (int i = 0; i < n; i++) {
            final int p = i;
            workers[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bench-" + contender.impl() + "-p" + p);
                t.setDaemon(true);
                threads[p] = t;
                return t;
            });
        }
    }

    private Contender.Step[] steps() {
        return contender.isDouble()
                ? new Contender.Step[] {Contender.Step.ENTER, Contender.Step.LEAVE}
                : new Contender.Step[] {Contender.Step.AWAIT};
    }

    private Counts total() {
        Counts c = contender.overhead();
        for (int p = 0; p < n; p++) {
            c = c.plus(contender.counts(p));
        }
        return c;
    }

    private Counts wireTotal() {
        Counts c = Counts.ZERO;
        for (int p = 0; p < n; p++) {
            c = c.plus(contender.session(p).counts());
        }
        return c;
    }

    private Future<Timing> submit(int p, Contender.Step step, long round, int last, long timeoutMillis) {
        return workers[p].submit(() -> {
            synchronized (started) {
                started[p] = true;
            }
            long call = System.nanoTime();
            boolean ok = contender.step(p, step, round, last, timeoutMillis);
            long ret = System.nanoTime();
            synchronized (started) {
                started[p] = false;
            }
            return new Timing(call, ret, ok);
        });
    }

    private boolean parked(int p, Future<Timing> f) {
        if (f.isDone()) {
            return true;
        }
        boolean s;
        synchronized (started) {
            s = started[p];
        }
        Thread t = threads[p];
        CountingZooKeeper zk = contender.session(p);
        Thread.State st = t == null ? Thread.State.RUNNABLE : t.getState();
        return s
                && (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING)
                && (zk == null || zk.inFlight() == 0);
    }

    /**
     * Runs {@code warmup + rounds} controlled rounds into {@code m}; stops early (and notes why)
     * on a hang or failure.
     */
    void controlledRounds(Measurement m, int warmup, int rounds, long stepTimeoutMillis) throws InterruptedException {
        Contender.Step[] steps = steps();
        // The first waiter waits while the N-2 others arrive one by one: its bound grows with N.
        long timeoutMillis = stepTimeoutMillis + (n - 1) * STAGGER_ALLOWANCE_MILLIS;
        Counts overheadBefore = null;
        long overheadWakeBefore = 0;
        Counts wireBefore = null;
        for (int r = 0; r < warmup + rounds && !m.stopped; r++) {
            boolean measured = r >= warmup;
            if (r == warmup) {
                overheadBefore = contender.overhead();
                overheadWakeBefore = contender.overheadWakeups();
                wireBefore = wireTotal();
            }
            long round = nextRound++;
            int last = (int) (round % n);
            double pair = 0;
            for (Contender.Step step : steps) {
                Counts before = total();
                Counts[] each = new Counts[n];
                for (int p = 0; p < n; p++) {
                    each[p] = contender.counts(p);
                }
                // Waiters arrive one at a time, each blocked on its watch before the next calls, so
                // every wake-up a later arrival causes (a herd) is seen and counted.
                List<Future<Timing>> futures = new ArrayList<>(java.util.Collections.nCopies(n, null));
                for (int k = 1; k < n; k++) {
                    int p = (last + k) % n;
                    futures.set(p, submit(p, step, round, last, timeoutMillis));
                    long deadline = System.nanoTime() + PARK_DEADLINE_NANOS;
                    while (!parked(p, futures.get(p)) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(50_000);
                    }
                }
                futures.set(last, submit(last, step, round, last, timeoutMillis));
                Timing lastTiming = null;
                long maxReturn = 0;
                for (int p = 0; p < n; p++) {
                    Timing t = collect(m, futures.get(p), p, step, round, timeoutMillis);
                    if (t == null) {
                        continue;
                    }
                    maxReturn = Math.max(maxReturn, t.returnNanos());
                    if (p == last) {
                        lastTiming = t;
                    }
                }
                if (m.stopped) {
                    return;
                }
                double ms = (maxReturn - lastTiming.callNanos()) / 1e6;
                pair += ms;
                if (measured) {
                    m.addLatency(step, ms);
                    m.addCost(step, total().minus(before));
                    long maxBytes = 0;
                    long maxRequests = 0;
                    long maxWakeups = 0;
                    for (int p = 0; p < n; p++) {
                        Counts d = contender.counts(p).minus(each[p]);
                        (p == last ? m.releaserCost : m.waiterCost).merge(step, d, Counts::plus);
                        maxBytes = Math.max(maxBytes, d.bytesRead());
                        maxRequests = Math.max(maxRequests, d.requests());
                        maxWakeups = Math.max(maxWakeups, d.wakeups());
                    }
                    m.maxWakeups.merge(step, maxWakeups, Math::max);
                    m.maxBytes.merge(step, maxBytes, Math::max);
                    m.maxRequests.merge(step, maxRequests, Math::max);
                }
            }
            if (measured) {
                m.measuredRounds++;
                if (contender.isDouble()) {
                    m.pairLatencyMs.add(pair);
                }
            }
        }
        if (overheadBefore != null) {
            // Plus, not assign: the passes of one N add into one measurement.
            m.overhead = m.overhead.plus(contender.overhead().minus(overheadBefore));
            m.overheadWakeups += contender.overheadWakeups() - overheadWakeBefore;
            Counts wire = wireTotal().minus(wireBefore);
            m.wireCost = m.wireCost == null ? wire : m.wireCost.plus(wire);
        }
    }

    private Timing collect(Measurement m, Future<Timing> f, int p, Contender.Step step, long round, long timeoutMillis)
            throws InterruptedException {
        try {
            Timing t = f.get(timeoutMillis + 10_000, TimeUnit.MILLISECONDS);
            if (!t.ok()) {
                stop(
                        m,
                        "hang: p" + p + " " + step.name().toLowerCase() + " did not return within " + timeoutMillis
                                + " ms (controlled round " + round + ")");
                return null;
            }
            return t;
        } catch (ExecutionException e) {
            stop(m, "failure: p" + p + " " + step.name().toLowerCase() + " round " + round + ": " + e.getCause());
            LOG.debug("step failed", e.getCause());
            return null;
        } catch (TimeoutException e) {
            stop(m, "hang: p" + p + " " + step.name().toLowerCase() + " ignored its timeout (round " + round + ")");
            return null;
        }
    }

    private static void stop(Measurement m, String note) {
        if (!m.stopped) {
            m.stopped = true;
            m.notes.add(note);
            LOG.warn("{} n={}: {}", m.impl, m.n, note);
        }
    }

    /** Back-to-back crossings on every participant at once; fills throughput and free latency. */
    void backToBack(Measurement m, int crossings, long timeoutMillis) throws InterruptedException {
        if (!contender.measuresThroughput() || m.stopped) {
            return;
        }
        Contender.Step[] steps = steps();
        long first = nextRound;
        nextRound += crossings;
        long[][] calls = new long[n][crossings];
        long[][] returns = new long[n][crossings];
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>(n);
        Counts before = total();
        for (int i = 0; i < n; i++) {
            final int p = i;
            futures.add(workers[p].submit(() -> {
                go.await();
                for (int c = 0; c < crossings; c++) {
                    calls[p][c] = System.nanoTime();
                    for (Contender.Step step : steps) {
                        if (!contender.step(p, step, first + c, -1, timeoutMillis)) {
                            return c;
                        }
                    }
                    returns[p][c] = System.nanoTime();
                }
                return crossings;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        int completed = crossings;
        for (int p = 0; p < n; p++) {
            try {
                // Once one participant gave up, the others can only time out too: each is owed one
                // more timeout, not all its crossings' (Curator's enter(timeout) has been seen to
                // ignore its timeout here, which cost the bench 260 s per hang).
                long bound = m.stopped ? 2L * timeoutMillis + 10_000 : (long) crossings * timeoutMillis + 10_000;
                int done = futures.get(p).get(bound, TimeUnit.MILLISECONDS);
                if (done < crossings) {
                    completed = Math.min(completed, done);
                    stop(
                            m,
                            "hang under reuse: p" + p + " stuck at back-to-back crossing " + done + " of " + crossings
                                    + " (no return within " + timeoutMillis + " ms)");
                }
            } catch (ExecutionException e) {
                completed = 0;
                stop(m, "failure in back-to-back crossings: p" + p + ": " + e.getCause());
            } catch (TimeoutException e) {
                completed = 0;
                stop(m, "hang: back-to-back crossings of p" + p + " ignored their timeout");
            }
        }
        if (m.stopped) {
            return;
        }
        long end = 0;
        for (int p = 0; p < n; p++) {
            end = Math.max(end, returns[p][crossings - 1]);
        }
        m.addPass(crossings / ((end - start) / 1e9), crossings, total().minus(before));
        for (int c = 0; c < crossings; c++) {
            long lastCall = 0;
            long lastReturn = 0;
            for (int p = 0; p < n; p++) {
                lastCall = Math.max(lastCall, calls[p][c]);
                lastReturn = Math.max(lastReturn, returns[p][c]);
            }
            m.freeLatencyMs.add((lastReturn - lastCall) / 1e6);
        }
    }

    @Override
    public void close() {
        for (ExecutorService w : workers) {
            w.shutdownNow();
        }
    }
}
