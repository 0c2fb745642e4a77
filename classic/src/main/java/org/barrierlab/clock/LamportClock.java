package org.barrierlab.clock;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe Lamport logical clock (scalar, not vector): a local event or a send advances
 * it by one, a receive sets it to {@code max(local, received) + 1}.
 *
 * <p>The {@code ...And} forms run an action with the new value while still holding the clock,
 * so that recording the event happens in the same order as the ticks: with two threads
 * ticking, the event written with clock 6 is never stored before the one with clock 5. That is
 * what lets a verdict check the clock condition against the participant's program order as
 * ZooKeeper stored it. Message stamping and receipt are wrapped once, in {@link
 * org.barrierlab.messaging.Endpoint}, so algorithm code cannot forget them.
 *
 * <pre>{@code
 * LamportClock clock = new LamportClock();
 * long t1 = clock.tick();                  // local event: 1
 * long stamp = clock.send();               // send: 2, carried by the message
 * long t3 = clock.receive(10);             // receive of a message stamped 10: 11
 * clock.tickAnd(t -> recorder.record(...)); // tick and record atomically
 * }</pre>
 */
public final class LamportClock {

    /** An action run with a new clock value while the clock is held. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run(long time) throws E, InterruptedException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private long time;

    /** The current value (0 before the first event). */
    public long time() {
        lock.lock();
        try {
            return time;
        } finally {
            lock.unlock();
        }
    }

    /** A local event: advances the clock by one and returns the new value. */
    public long tick() {
        lock.lock();
        try {
            return ++time;
        } finally {
            lock.unlock();
        }
    }

    /** A send event: same as {@link #tick()}; the returned value stamps the message. */
    public long send() {
        return tick();
    }

    /**
     * A receive event of a message stamped {@code received}: {@code max(local, received) + 1}.
     *
     * @throws IllegalArgumentException if {@code received < 0}
     */
    public long receive(long received) {
        requireStamp(received);
        lock.lock();
        try {
            time = Math.max(time, received) + 1;
            return time;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ticks (local or send event) and runs the action with the new value before any other
     * thread can tick.
     *
     * @throws E what the action throws
     * @throws InterruptedException if the action is interrupted
     */
    public <E extends Exception> long tickAnd(Action<E> action) throws E, InterruptedException {
        lock.lock();
        try {
            long t = ++time;
            action.run(t);
            return t;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Receive event of a message stamped {@code received}, then the action with the new value,
     * atomically.
     *
     * @throws IllegalArgumentException if {@code received < 0}
     * @throws E what the action throws
     * @throws InterruptedException if the action is interrupted
     */
    public <E extends Exception> long receiveAnd(long received, Action<E> action) throws E, InterruptedException {
        requireStamp(received);
        lock.lock();
        try {
            time = Math.max(time, received) + 1;
            long t = time;
            action.run(t);
            return t;
        } finally {
            lock.unlock();
        }
    }

    private static void requireStamp(long received) {
        if (received < 0) {
            throw new IllegalArgumentException("received clock must be >= 0, was " + received);
        }
    }

    @Override
    public String toString() {
        return "LamportClock[" + time() + "]";
    }
}
