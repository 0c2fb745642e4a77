package org.barrierlab.grade.participant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;

/**
 * One participant's view of a graded run: it builds the implementation's barriers and crosses
 * them, recording every call and its return in the run's trace (the one event format, written
 * through a separate, unobserved session so the implementation's counts stay its own), with the
 * requests and notifications of the implementation's session during the call. What the
 * scripts of {@link Scripts} use. Used by the participant's main thread only (the one helper,
 * {@link #notingBlocked}'s spotter, only reads counters and writes one trace note).
 */
final class Crossings {

    /**
     * How long the observed session must stay quiet inside a call (no request in flight, none
     * issued) before the participant counts as blocked on a watch.
     */
    static final long BLOCKED_QUIET_MS = 100;

    /** How a barrier call ended. */
    enum Result {
        PASSED,
        BROKEN,
        TIMED_OUT
    }

    private final BarrierProvider provider;
    private final ObservedZooKeeper zk;
    private final ZooKeeper traceZk;
    private final String connect;
    private final RunLayout run;
    private final ZkTraceRecorder trace;
    private final String self;
    private final List<String> participants;
    private final int rounds;
    private final Random random;
    /** The check's length, counted from the start line. */
    private final long checkMillis;
    /**
     * Until the start line: the start-up bound; from there on the check's deadline. Written and
     * read by the participant's one script thread only.
     */
    private long deadlineNanos;
    /** Who the sweep has seen in the trace blocked in, or done with, which step ({@link #awaitSeen}). */
    private final Map<String, Set<String>> seen = new HashMap<>();
    /** The sweep's reader of the trace, made on first use. */
    private ZkTraceReader sweepReader;

    Crossings(
            BarrierProvider provider,
            ObservedZooKeeper zk,
            ZooKeeper traceZk,
            String connect,
            RunLayout run,
            String self,
            List<String> participants,
            int rounds,
            long seed,
            long startupDeadlineNanos,
            long checkMillis) {
        this.provider = provider;
        this.zk = zk;
        this.traceZk = traceZk;
        this.connect = connect;
        this.run = run;
        this.trace = new ZkTraceRecorder(traceZk, run);
        this.self = self;
        this.participants = List.copyOf(participants);
        this.rounds = rounds;
        this.random = new Random(seed * 31 + self.hashCode());
        this.deadlineNanos = startupDeadlineNanos;
        this.checkMillis = checkMillis;
    }

    String self() {
        return self;
    }

    List<String> participants() {
        return participants;
    }

    int index() {
        return participants.indexOf(self);
    }

    String last() {
        return participants.get(participants.size() - 1);
    }

    int rounds() {
        return rounds;
    }

    ObservedZooKeeper zk() {
        return zk;
    }

    BarrierProvider provider() {
        return provider;
    }

    /** A handle on barrier {@code scope} (relative to the run's barriers, e.g. {@code gate}). */
    Handle<SimpleBarrier> simple(String name, int parties, List<String> members, Handle<DoubleBarrier> outer)
            throws KeeperException, InterruptedException {
        BarrierSetup s = setup(name, parties, members, outer);
        return new Handle<>(provider.simpleBarrier(s), scope(name, outer), parties, members);
    }

    Handle<DoubleBarrier> doubleBarrier(String name, int parties, List<String> members, Handle<DoubleBarrier> outer)
            throws KeeperException, InterruptedException {
        BarrierSetup s = setup(name, parties, members, outer);
        return new Handle<>(provider.doubleBarrier(s), scope(name, outer), parties, members);
    }

    private BarrierSetup setup(String name, int parties, List<String> members, Handle<DoubleBarrier> outer)
            throws KeeperException, InterruptedException {
        String path = run.root() + scope(name, outer);
        String parent = path.substring(0, path.lastIndexOf('/'));
        ensure(parent);
        return new BarrierSetup(zk, connect, path, parties, members, self, outer == null ? null : outer.barrier());
    }

    private static String scope(String name, Handle<DoubleBarrier> outer) {
        return outer == null ? "/barriers/" + name : outer.scope() + "/" + name;
    }

    private void ensure(String path) throws KeeperException, InterruptedException {
        if (traceZk.exists(path, false) != null) {
            return;
        }
        ensure(path.substring(0, path.lastIndexOf('/')));
        try {
            traceZk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // another participant made it
        }
    }

    Result await(Handle<SimpleBarrier> b, long generation, long timeoutMillis)
            throws KeeperException, InterruptedException {
        return cross(b, EventType.ARRIVE, EventType.PASS, generation, timeoutMillis, () -> b.barrier()
                .await(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    Result enter(Handle<DoubleBarrier> b, long generation, long timeoutMillis)
            throws KeeperException, InterruptedException {
        return cross(b, EventType.ENTER, EventType.ENTERED, generation, timeoutMillis, () -> b.barrier()
                .enter(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    Result leave(Handle<DoubleBarrier> b, long generation, long timeoutMillis)
            throws KeeperException, InterruptedException {
        return cross(b, EventType.LEAVE, EventType.LEFT, generation, timeoutMillis, () -> b.barrier()
                .leave(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    private interface Op {
        void run() throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException;
    }

    private Result cross(Handle<?> b, EventType call, EventType done, long gen, long timeoutMillis, Op op)
            throws KeeperException, InterruptedException {
        TraceEvent arrive = TraceEvent.of(self, call, b.scope(), gen);
        arrive = b.members().isEmpty()
                ? arrive.with("parties", Integer.toString(b.parties()))
                : arrive.with("members", String.join(",", b.members()));
        trace.record(arrive.with("timeout-ms", Long.toString(timeoutMillis)));
        long requests = zk.requests();
        long notifications = zk.notifications();
        long start = System.nanoTime();
        Result result;
        String reason = "";
        try {
            op.run();
            result = Result.PASSED;
        } catch (TimeoutException e) {
            result = Result.TIMED_OUT;
            reason = "timeout: " + e.getMessage();
        } catch (BrokenBarrierException e) {
            result = Result.BROKEN;
            reason = String.valueOf(e.getMessage());
        }
        TraceEvent end = TraceEvent.of(
                        self,
                        result == Result.PASSED ? done : result == Result.BROKEN ? EventType.BROKEN : EventType.BREAK,
                        b.scope(),
                        gen)
                .with("requests", Long.toString(zk.requests() - requests))
                .with("wakeups", Long.toString(zk.notifications() - notifications))
                .with("ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)))
                .with("op", call.wireName());
        if (!reason.isEmpty()) {
            end = end.with("reason", reason);
        }
        trace.record(end);
        return result;
    }

    /** A barrier call of a script. */
    interface Step {
        Result run() throws KeeperException, InterruptedException;
    }

    /**
     * Runs {@code step} (a barrier call), noting in the trace ({@code blocked=<what>}) once this
     * participant is blocked inside it: it made its requests and its session has been quiet for
     * {@link #BLOCKED_QUIET_MS}. What the sweep's last participant waits for, so that every
     * waiter is blocked on its watch before the release (the benchmark's controlled rounds,
     * across JVMs).
     */
    Result notingBlocked(String what, Step step) throws KeeperException, InterruptedException {
        AtomicBoolean returned = new AtomicBoolean();
        long before = zk.requests();
        Thread spotter = new Thread(() -> noteWhenBlocked(what, before, returned), self + "-blocked");
        spotter.setDaemon(true);
        spotter.start();
        try {
            return step.run();
        } finally {
            returned.set(true);
            spotter.join(1_000);
        }
    }

    private void noteWhenBlocked(String what, long before, AtomicBoolean returned) {
        long lastRequests = before;
        long quietSince = System.nanoTime();
        try {
            while (!returned.get()) {
                long now = System.nanoTime();
                long requests = zk.requests();
                if (requests != lastRequests || zk.inFlight() > 0) {
                    lastRequests = requests;
                    quietSince = now;
                } else if (requests > before && now - quietSince >= TimeUnit.MILLISECONDS.toNanos(BLOCKED_QUIET_MS)) {
                    trace.record(TraceEvent.of(self, EventType.NOTE, "", -1)
                            .with("text", self + " is " + what)
                            .with("blocked", what));
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(10); // sampling the session's counters, bounded by the call
            }
        } catch (KeeperException e) {
            // the note is a hint for the schedule; the last participant arrives anyway after its bound
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What {@link #awaitSeen} waits for: a participant blocked in {@code call} of a generation. */
    static String blocked(EventType call, String scope, long gen) {
        return "blocked in " + call.wireName() + " of " + scope + "#" + gen;
    }

    /** What {@link #awaitSeen} waits for: a participant whose call completed ({@code pass}, {@code entered}, {@code left}). */
    static String passed(EventType done, String scope, long gen) {
        return done.wireName() + " " + scope + "#" + gen;
    }

    /**
     * Waits until {@code count} participants are seen in the trace {@link #blocked} or {@link
     * #passed} as {@code what} says, at most {@code maxMillis}.
     *
     * @return false if they were not all seen in time
     */
    boolean awaitSeen(String what, int count, long maxMillis) throws KeeperException, InterruptedException {
        if (sweepReader == null) {
            sweepReader = new ZkTraceReader(traceZk, run);
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (true) {
            for (TraceEvent e : sweepReader.readNew()) {
                if (e.is(EventType.NOTE) && e.attr("blocked") != null) {
                    seen.computeIfAbsent(e.attr("blocked"), k -> new HashSet<>())
                            .add(e.participant());
                } else if (e.is(EventType.PASS) || e.is(EventType.ENTERED) || e.is(EventType.LEFT)) {
                    seen.computeIfAbsent(e.type() + " " + e.scope() + "#" + e.generation(), k -> new HashSet<>())
                            .add(e.participant());
                }
            }
            if (seen.getOrDefault(what, Set.of()).size() >= count) {
                return true;
            }
            if (System.nanoTime() >= until) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling the trace: the schedule's own pacing
        }
    }

    /** Sleeps a random think time of the schedule (seeded). */
    void think(long minMillis, long maxMillis) throws InterruptedException {
        long span = Math.max(0, maxMillis - minMillis);
        sleep(minMillis + (span == 0 ? 0 : (long) (random.nextDouble() * span)));
    }

    /** Sleeps as the schedule says (arrival staggering, a late re-entry), never past the deadline. */
    void sleep(long millis) throws InterruptedException {
        long cap = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(Math.max(0, Math.min(millis, cap)));
        }
    }

    void note(String text, String... attrs) throws KeeperException, InterruptedException {
        TraceEvent e = TraceEvent.of(self, EventType.NOTE, "", -1).with("text", text);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            e = e.with(attrs[i], attrs[i + 1]);
        }
        trace.record(e);
    }

    /** Announces the planned kill and waits for it; the grader kills this JVM. */
    void awaitKill() throws KeeperException, InterruptedException {
        note(self + " stops here and is about to be killed (fault injection)", "fault", "kill");
        sleep(TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        throw new IllegalStateException("planned to be killed but nobody did");
    }

    /**
     * Announces that this participant is ready and waits until all are: a common start, so that
     * the schedule's staggering is measured from one moment and not from each JVM's start-up.
     * Bounded by the start-up bound; the check's deadline starts when everybody is ready.
     */
    void awaitAllReady() throws KeeperException, InterruptedException {
        note(self + " is ready", "ready", "true");
        Set<String> ready = new HashSet<>();
        try {
            awaitEvent(
                    e -> {
                        if (e.is(EventType.NOTE) && "true".equals(e.attr("ready"))) {
                            ready.add(e.participant());
                        }
                        return ready.containsAll(participants);
                    },
                    "every participant ready");
        } catch (IllegalStateException e) {
            throw new StartLineMissed("not everybody reached the start line within the start-up bound");
        }
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(checkMillis);
    }

    /** Waits (bounded by the deadline) until the trace holds an event matching {@code what}. */
    void awaitEvent(Predicate<TraceEvent> what, String description) throws KeeperException, InterruptedException {
        ZkTraceReader reader = new ZkTraceReader(traceZk, run);
        while (System.nanoTime() < deadlineNanos) {
            for (TraceEvent e : reader.readNew()) {
                if (what.test(e)) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling the trace: the schedule's own pacing
        }
        throw new IllegalStateException("never saw " + description);
    }

    /** Start-up took too long: a setup failure of the grader, not the implementation's. */
    static final class StartLineMissed extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StartLineMissed(String message) {
            super(message);
        }
    }

    /** A barrier handle with the scope and shape recorded in the trace. */
    record Handle<B>(B barrier, String scope, int parties, List<String> members) {}
}
