package org.barrierlab.messaging;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which an algorithm's state lives (the election, the mutex): message
 * handlers and timers hand it steps, so that state needs no locks, and the ZooKeeper event
 * thread and the mailbox thread never block on algorithm work.
 *
 * <p>A step that fails is logged and dropped: one bad message or a ZooKeeper error must not
 * stop the algorithm. After {@link #close()}, steps are silently ignored.
 *
 * <pre>{@code
 * Actor actor = new Actor("election", "p3");
 * actor.execute(() -> startElection("start"));
 * actor.scheduleWithFixedDelay(this::healthCheck, 1, 1, TimeUnit.SECONDS);
 * }</pre>
 */
public final class Actor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);

    /** One piece of algorithm work. */
    @FunctionalInterface
    public interface Step {
        void run() throws KeeperException, InterruptedException;
    }

    private final String name;
    private final String self;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /**
     * @param name what the actor runs, for its thread name and log lines (e.g. {@code election})
     * @param self the participant id, put in the thread's MDC
     */
    public Actor(String name, String self) {
        this.name = name;
        this.self = self;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(Endpoint.withMdc(self, r), name + "-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the step on the actor thread as soon as possible; ignored after close. */
    public void execute(Step step) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> safely(step));
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Runs the step once after the delay. */
    public ScheduledFuture<?> schedule(Step step, long delay, TimeUnit unit) {
        return executor.schedule(() -> safely(step), delay, unit);
    }

    /** Runs the step repeatedly, {@code delay} after each run ends. */
    public ScheduledFuture<?> scheduleWithFixedDelay(Step step, long initialDelay, long delay, TimeUnit unit) {
        return executor.scheduleWithFixedDelay(() -> safely(step), initialDelay, delay, unit);
    }

    /** Stops the thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    private void safely(Step step) {
        try {
            step.run();
        } catch (KeeperException e) {
            LOG.warn("{}: {} step failed: {}", self, name, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("{}: {} step failed", self, name, e);
            }
        }
    }
}
