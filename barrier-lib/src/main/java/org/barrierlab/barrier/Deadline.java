package org.barrierlab.barrier;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A point in {@link System#nanoTime()} time, or none for untimed calls. */
final class Deadline {

    private static final Deadline NONE = new Deadline(false, 0);

    private final boolean timed;
    private final long at;

    private Deadline(boolean timed, long at) {
        this.timed = timed;
        this.at = at;
    }

    static Deadline none() {
        return NONE;
    }

    static Deadline in(long timeout, TimeUnit unit) {
        long nanos = Math.max(0, unit.toNanos(timeout));
        return new Deadline(true, System.nanoTime() + nanos);
    }

    boolean timed() {
        return timed;
    }

    boolean expired() {
        return timed && System.nanoTime() - at >= 0;
    }

    /** Nanoseconds left (Long.MAX_VALUE when untimed, 0 when expired). */
    long remainingNanos() {
        return timed ? Math.max(0, at - System.nanoTime()) : Long.MAX_VALUE;
    }

    void check(String what) throws TimeoutException {
        if (expired()) {
            throw new TimeoutException(what);
        }
    }

    /** Acquires one permit before the deadline; false if the deadline passed first. */
    boolean acquire(Semaphore s) throws InterruptedException {
        if (!timed) {
            s.acquire();
            return true;
        }
        return s.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires one permit within at most {@code slice} nanoseconds and before the deadline; false
     * if neither the permit nor the end came (the caller decides which from {@link #expired()}).
     */
    boolean acquire(Semaphore s, long slice) throws InterruptedException {
        return s.tryAcquire(Math.min(slice, remainingNanos()), TimeUnit.NANOSECONDS);
    }
}
