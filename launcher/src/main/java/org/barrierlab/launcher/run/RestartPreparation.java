package org.barrierlab.launcher.run;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.participant.RejoinPlan;
import org.barrierlab.runmodel.event.TraceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a participant ready to be started again ({@link Run#restart}): everything between "restart
 * p2" and spawning its new JVM. It exists because a rejoin is a protocol of its own, with an
 * order that matters and three bounded waits, and it would otherwise bury the run's facade.
 *
 * <p>If the scenario takes participants back mid-run ({@code rejoins}), the steps are, in this
 * order (docs/znode-layout.md, "Restart"):
 *
 * <ol>
 *   <li>write the rejoin marker, <i>before</i> the kill, so the survivors that see it die wait
 *       for it instead of giving up;
 *   <li>kill the old JVM and wait (up to 10 s) for it to exit, recording its exit;
 *   <li>wait for its session to expire ({@link RunNamespace#awaitPresenceGone}): the survivors
 *       then judge it dead from its presence and its liveness nodes alike, before a new JVM
 *       exists;
 *   <li>wait until every crossing it had begun is decided (passed or broken), at most {@link
 *       #DECISION_WAIT_MS}: after that an undecided crossing is one nobody else has reached yet,
 *       so it was not passed;
 *   <li>read its {@link RejoinPlan} from the run's events.
 * </ol>
 *
 * Otherwise only the kill and the wait for the exit happen, and the new JVM starts from the
 * beginning of its story (an empty plan).
 *
 * <p>The wait for decisions is woken by the run's events as the monitor reads them (a {@link
 * RunListener}), not by polling. Called on the monitor thread (a restart from the control
 * channel) no event arrives meanwhile, and the wait ends at its bound, as it always has.
 *
 * <p>Holds no lock while calling ZooKeeper; one participant's restarts are serialized by the run.
 */
final class RestartPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(RestartPreparation.class);

    /** Bound on the wait for the crossings the killed participant had begun to be decided. */
    static final long DECISION_WAIT_MS = 3000;

    /** Bound on the wait for a killed participant's session to expire (its timeout is 4 s). */
    static final long SESSION_EXPIRY_WAIT_MS = 2L * ParticipantMain.SESSION_TIMEOUT_MS + 2000;

    /** Bound on the wait for the killed JVM to exit. */
    private static final long EXIT_WAIT_SECONDS = 10;

    /** What the new JVM of a participant is started with. */
    record Ready(int attempt, String rejoinPlan) {}

    private final boolean rejoins;
    private final RunNamespace namespace;
    private final Processes processes;
    private final ParticipantJvms jvms;
    private final RunMonitor monitor;
    private final List<RunListener> listeners;

    /**
     * @param rejoins whether the scenario takes a restarted participant back mid-run
     * @param listeners the run's listeners, which the monitor tells of every event it reads
     */
    RestartPreparation(
            boolean rejoins,
            RunNamespace namespace,
            Processes processes,
            ParticipantJvms jvms,
            RunMonitor monitor,
            List<RunListener> listeners) {
        this.rejoins = rejoins;
        this.namespace = namespace;
        this.processes = processes;
        this.jvms = jvms;
        this.monitor = monitor;
        this.listeners = listeners;
    }

    /**
     * Kills {@code id} (if running), waits for its old JVM to be gone and, if it rejoins, reads
     * its plan: then its new JVM may be spawned.
     *
     * <p>Lies dormant until the old JVM exits, its session expires and its crossings are decided,
     * each wait bounded (see the class comment).
     *
     * @throws IllegalStateException if the old JVM did not exit within 10 s
     */
    Ready prepare(String id) throws KeeperException, InterruptedException {
        if (rejoins) {
            namespace.markRejoin(id);
        }
        jvms.kill(id);
        Optional<ParticipantProcess> old = processes.get(id);
        if (old.isPresent()) {
            if (!old.get().waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "participant " + id + " did not exit within " + EXIT_WAIT_SECONDS + " s");
            }
            monitor.recordExit(old.get());
        }
        String plan = "";
        if (rejoins) {
            if (!namespace.awaitPresenceGone(id, SESSION_EXPIRY_WAIT_MS)) {
                LOG.warn(
                        "The session of killed {} did not expire within {} ms; its presence node was deleted",
                        id,
                        SESSION_EXPIRY_WAIT_MS);
            }
            plan = RejoinPlan.after(id, decidedHistory(id)).encode();
        }
        return new Ready(old.map(p -> p.attempt() + 1).orElse(1), plan);
    }

    /**
     * The run's events once every crossing the killed {@code id} had begun is decided (passed or
     * broken by the survivors, who see its presence node gone), or {@link #DECISION_WAIT_MS}
     * later, whichever comes first.
     */
    private List<TraceEvent> decidedHistory(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DECISION_WAIT_MS);
        EventCounter events = new EventCounter();
        listeners.add(events);
        try {
            while (true) {
                // Counted before the read: an event appended after it is announced after it too,
                // so it moves the count past 'seen' and the wait below does not miss it.
                long seen = events.count();
                List<TraceEvent> h = monitor.history();
                long left = deadline - System.nanoTime();
                if (!RejoinPlan.undecided(id, h) || left <= 0) {
                    return h;
                }
                events.awaitBeyond(seen, left);
            }
        } finally {
            listeners.remove(events);
        }
    }

    /** Counts the events the monitor announces, so a waiter sleeps until there is a new one. */
    private static final class EventCounter implements RunListener {
        private long count;

        @Override
        public synchronized void onEvent(TraceEvent event) {
            count++;
            notifyAll();
        }

        synchronized long count() {
            return count;
        }

        /** Waits until more than {@code seen} events were announced, at most {@code nanos}. */
        synchronized void awaitBeyond(long seen, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            long left = nanos;
            while (count == seen && left > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
                left = deadline - System.nanoTime();
            }
        }
    }
}
