package org.barrierlab.launcher.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that watches a run until it ends: it executes control commands, reads new events
 * into the history and the one {@link RunState}, fires time kills (counted from the run's
 * {@code run-start} event), records exits, and ends the run when every participant JVM has
 * exited, at the deadline, or on a stall ({@link StallDetector}); then it judges the run
 * ({@link Judge}), records {@code run-end}, stores the verdict and writes the recording.
 *
 * <p>It sleeps between rounds until something changes below the run's root (the namespace's
 * watch calls {@link #wake()}) or 200 ms pass. The history and state are written by this
 * thread only and read by others as snapshots.
 */
final class RunMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(RunMonitor.class);

    /** What the monitor asks of the run that owns it. */
    interface Owner {
        /** Kills a participant (a round kill announced in the trace, or a time kill). */
        void kill(String id) throws KeeperException, InterruptedException;

        /** True in step mode (a presenter takes their time: no stall). */
        boolean stepMode();

        /** True once the run is being closed: end now. */
        boolean closing();

        /** True once the run was interrupted (Ctrl-C): end now, with a complete recording. */
        boolean interrupted();

        /** The verdict is known and the participant JVMs are gone. */
        void ended();
    }

    private final RunSpec spec;
    private final RunNamespace namespace;
    private final Processes processes;
    private final ControlInbox inbox;
    private final List<RunListener> listeners;
    private final Owner owner;
    private final long startNanos;
    private final long deadlineNanos;
    private final List<KillSpec> timedKills = new ArrayList<>();
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    private final Object wake = new Object();
    private final Thread thread;
    private final List<TraceEvent> history = new ArrayList<>();
    private RunState state = RunState.EMPTY;
    /** The incremental reader of the trace, and the events it returned (monitor thread only). */
    private ZkTraceReader traceReader;

    private final Set<Long> seenZxids = new HashSet<>();
    private final Set<String> seenContent = new HashSet<>();
    private volatile long lastEventNanos = System.nanoTime();
    private volatile long lastKillNanos = Long.MIN_VALUE / 2;
    private volatile String recordingError;

    /**
     * @param startNanos {@link System#nanoTime()} when the {@code run-start} event was stored:
     *     time kills count from there, as the trace shows them
     */
    RunMonitor(
            RunSpec spec,
            RunNamespace namespace,
            Processes processes,
            ControlInbox inbox,
            List<RunListener> listeners,
            Owner owner,
            long startNanos,
            long deadlineNanos) {
        this.spec = spec;
        this.namespace = namespace;
        this.processes = processes;
        this.inbox = inbox;
        this.listeners = listeners;
        this.owner = owner;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        for (KillSpec k : spec.kills()) {
            if (!k.isRoundKill()) {
                timedKills.add(k);
            }
        }
        this.thread = new Thread(this::run, "run-monitor-" + namespace.layout().runId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something changed: look again now. Called from watchers, so it only signals. */
    void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** A participant was just killed: no stall is declared for a while. */
    void noteKill() {
        lastKillNanos = System.nanoTime();
    }

    /**
     * A ZooKeeper server of the ensemble was just killed or restarted: as after a kill, no stall
     * is declared while the clients reconnect.
     */
    void noteFault() {
        lastKillNanos = System.nanoTime();
    }

    /** Waits up to {@code millis} for the monitor to end. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    CompletableFuture<Verdict> verdict() {
        return verdict;
    }

    /** Why the recording could not be written, or null if it was (or none was asked for). */
    String recordingError() {
        return recordingError;
    }

    synchronized RunState state() {
        return state;
    }

    synchronized List<TraceEvent> history() {
        return List.copyOf(history);
    }

    /** Records an {@code exit} event for every process that exited and whose exit is not recorded yet. */
    void recordExits() throws KeeperException, InterruptedException {
        for (ParticipantProcess p : processes.all()) {
            recordExit(p);
        }
    }

    /** Records {@code p}'s exit if it has exited and nobody recorded it yet. */
    void recordExit(ParticipantProcess p) throws KeeperException, InterruptedException {
        if (!p.claimExit()) {
            return;
        }
        boolean written = false;
        try {
            namespace.record(TraceEvent.of(p.id(), EventType.EXIT, "", -1)
                    .with("code", Integer.toString(p.exitCode()))
                    .with("host", p.host())
                    .with("pid", Long.toString(p.pid())));
            written = true;
        } finally {
            if (!written) {
                // Recorded only once written: after a connection loss the next pass records it.
                p.releaseExitClaim();
            }
        }
    }

    private void run() {
        Verdict v;
        try {
            v = watchUntilEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v = Verdict.fail("the launcher was interrupted");
        } catch (KeeperException e) {
            LOG.debug("Run monitor failed", e);
            v = Verdict.fail("the launcher lost ZooKeeper: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Run monitor failed", e);
            v = Verdict.fail("the launcher failed: " + e);
        }
        processes.killAllNow();
        try {
            finish(v);
        } catch (RuntimeException e) {
            LOG.error("Could not finish run {}", namespace.layout().runId(), e);
        }
        owner.ended();
        verdict.complete(v);
        for (RunListener l : listeners) {
            l.onVerdict(v);
        }
    }

    private Verdict watchUntilEnd() throws KeeperException, InterruptedException {
        traceReader = namespace.reader();
        String stuck = null;
        while (true) {
            ridingConnectionLoss(inbox::drain);
            ridingConnectionLoss(this::readEvents);
            ridingConnectionLoss(this::fireTimedKills);
            ridingConnectionLoss(this::recordExits);
            long now = System.nanoTime();
            if (owner.closing()) {
                return Verdict.fail("the run was aborted before it ended");
            }
            if (owner.interrupted()) {
                return interrupted(now);
            }
            if (processes.allExited()) {
                break;
            }
            if (now - deadlineNanos > 0) {
                stuck = StallDetector.describeStuck(
                        state(),
                        processes.all(),
                        "at the deadline of " + TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - startNanos) + " s");
                break;
            }
            if (StallDetector.stalled(state(), processes.all(), owner.stepMode(), now, lastEventNanos, lastKillNanos)) {
                stuck = StallDetector.describeStuck(
                        state(), processes.all(), "no progress for " + StallDetector.STALL_MILLIS / 1000 + " s");
                break;
            }
            synchronized (wake) {
                wake.wait(200);
            }
        }
        if (stuck != null) {
            processes.killAllNow();
        }
        processes.awaitExits();
        // Record the last exits before the last read, so the history that is judged (and
        // recorded) holds every participant's exit event.
        ridingConnectionLoss(this::recordExits);
        ridingConnectionLoss(this::readEvents);
        Map<String, String> lastLines = new LinkedHashMap<>();
        for (ParticipantProcess p : processes.all()) {
            lastLines.put(p.id(), p.lastLine());
        }
        Verdict judged = Judge.judge(spec.scenario(), spec, history(), state(), lastLines, stuck);
        if (!timedKills.isEmpty()
                && (judged.outcome() == Verdict.Outcome.PASS || judged.outcome() == Verdict.Outcome.BROKEN)) {
            // The run did not test what was asked: a kill that never happened is no pass.
            List<String> unfired = timedKills.stream().map(KillSpec::toString).toList();
            return Verdict.fail("--kill " + String.join(", ", unfired) + " did not fire: the run ended after "
                    + seconds(System.nanoTime() - startNanos) + " s");
        }
        return judged;
    }

    /** Ctrl-C: kill everybody, record their exits and read the trace to its end, so the recording is whole. */
    private Verdict interrupted(long now) throws KeeperException, InterruptedException {
        processes.killAllNow();
        ridingConnectionLoss(this::recordExits);
        ridingConnectionLoss(this::readEvents);
        return Verdict.interrupted("by Ctrl-C after " + seconds(now - startNanos) + " s, "
                + history().size() + " events recorded; participants killed");
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** One pass of the monitor that talks to ZooKeeper. */
    private interface ZkStep {
        void run() throws KeeperException, InterruptedException;
    }

    /**
     * Runs a monitor step, again after a connection loss ({@link ConnectionLossRetry}): the run
     * rides out the loss of its server (a killed leader, say) instead of ending in FAIL. Every
     * step is safe to repeat (reads, and writes guarded by the run's own bookkeeping).
     */
    private static void ridingConnectionLoss(ZkStep step) throws KeeperException, InterruptedException {
        ConnectionLossRetry.call(RunNamespace.SESSION_TIMEOUT_MS, () -> {
            step.run();
            return null;
        });
    }

    private void readEvents() throws KeeperException, InterruptedException {
        List<TraceEvent> fresh = new ArrayList<>();
        try {
            for (TraceEvent e : traceReader.readNew()) {
                // A write retried after a connection loss may be stored twice: the same event
                // (same participant, time, attributes) under a second zxid counts once.
                if (seenZxids.add(e.zxid()) && seenContent.add(TraceJson.encode(e.withZxid(0)))) {
                    fresh.add(e);
                }
            }
        } catch (KeeperException.ConnectionLossException e) {
            // The reader has moved past events it could not return: read again from the start,
            // the events already seen are skipped by their zxid.
            traceReader = namespace.reader();
            throw e;
        }
        if (fresh.isEmpty()) {
            return;
        }
        lastEventNanos = System.nanoTime();
        List<String> doomed = new ArrayList<>();
        RunState snapshot;
        synchronized (this) {
            for (TraceEvent e : fresh) {
                history.add(e);
                state = RunReducer.apply(state, e);
                if (e.is(EventType.NOTE) && "kill".equals(e.attr("fault"))) {
                    doomed.add(e.participant());
                }
            }
            snapshot = state;
        }
        for (TraceEvent e : fresh) {
            for (RunListener l : listeners) {
                l.onEvent(e);
            }
        }
        for (String id : doomed) {
            owner.kill(id);
        }
        for (RunListener l : listeners) {
            l.onState(snapshot);
        }
    }

    /**
     * Fires the time kills that are due. A victim that has not written an event of its own yet
     * is killed as soon as it has (then its presence node exists): killed earlier, its peers
     * could never learn that it died, and the run would hang instead of breaking.
     */
    private void fireTimedKills() throws KeeperException, InterruptedException {
        long elapsed = System.nanoTime() - startNanos;
        for (KillSpec k : List.copyOf(timedKills)) {
            ParticipantState victim = state().participants().get(k.participant());
            boolean started =
                    victim != null && victim.status() != Status.STARTING && victim.status() != Status.RESTARTED;
            if (elapsed >= k.after().toNanos() && started) {
                timedKills.remove(k);
                owner.kill(k.participant());
            }
        }
    }

    private void finish(Verdict v) {
        try {
            namespace.record(TraceEvent.of("launcher", EventType.RUN_END, "", -1)
                    .with("verdict", v.outcome().name())
                    .with("reason", v.detail()));
            namespace.storeVerdict(v.line());
        } catch (KeeperException e) {
            LOG.warn(
                    "Could not store the verdict of run {}: {}",
                    namespace.layout().runId(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spec.recordFile() != null) {
            try {
                RunRecording.write(spec.recordFile(), ZkTraceReader.readAll(namespace.zk(), namespace.layout()));
            } catch (IOException e) {
                recordingError = RunRecording.reason(e);
            } catch (KeeperException e) {
                recordingError = "cannot read the trace: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
