package org.barrierlab.launcher.participant;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.control.StepGate;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.record.ZkTraceRecorder;

/**
 * What a scenario sees inside one participant JVM: its identity, the run's ZooKeeper session
 * and namespace, the trace, the step gate, think times scaled by the run's speed, and fault
 * injection by round. Barrier operations go through {@link LibBarriers} (barrier-lib) or the
 * tutorial barrier, both of which record every operation in the trace and pass the step gate
 * first.
 *
 * <pre>{@code
 * for (int r = 1; r <= ctx.rounds(); r++) {
 *     ctx.round(r);                        // fault injection point: --kill p2@3 stops here
 *     ctx.think(Duration.ofMillis(300));   // scaled by --speed
 *     ctx.lib().await(crew);               // gate, arrive, await, pass
 * }
 * }</pre>
 *
 * <p>Used by the participant's main thread only.
 */
public final class ParticipantContext {

    private final ZooKeeper zk;
    private final RunLayout run;
    private final String self;
    private final List<String> participants;
    private final int rounds;
    private final long seed;
    private final String barrierKind;
    private final int killRound;
    private final long deadlineNanos;
    private final ZkTraceRecorder trace;
    private final StepGate gate;
    private final Random random;
    private LibBarriers lib;
    private final RejoinPlan rejoin;
    private int round;

    /** Called once, by the participant JVM's entry point ({@code ParticipantMain}). */
    public ParticipantContext(
            ZooKeeper zk,
            RunLayout run,
            String self,
            List<String> participants,
            int rounds,
            long seed,
            String barrierKind,
            int killRound,
            long deadlineNanos,
            RejoinPlan rejoin) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
        this.self = Objects.requireNonNull(self, "self");
        this.participants = List.copyOf(participants);
        this.rounds = rounds;
        this.seed = seed;
        this.barrierKind = barrierKind;
        this.killRound = killRound;
        this.deadlineNanos = deadlineNanos;
        this.rejoin = rejoin;
        this.trace = new ZkTraceRecorder(zk, run);
        this.gate = new StepGate(zk, run, self, trace);
        this.random = new Random(seed * 31 + self.hashCode());
    }

    public ZooKeeper zk() {
        return zk;
    }

    public RunLayout run() {
        return run;
    }

    /** This participant's id. */
    public String self() {
        return self;
    }

    /** All participant ids of the run, in order ({@code p1}...{@code pN}). */
    public List<String> participants() {
        return participants;
    }

    /** 1-based position of this participant in {@link #participants()}. */
    public int number() {
        return participants.indexOf(self) + 1;
    }

    public int rounds() {
        return rounds;
    }

    public long seed() {
        return seed;
    }

    /** {@code lib} or {@code tutorial}. */
    public String barrierKind() {
        return barrierKind;
    }

    /** This participant's random source (seeded from the run's seed and the id). */
    public Random random() {
        return random;
    }

    public ZkTraceRecorder trace() {
        return trace;
    }

    public StepGate gate() {
        return gate;
    }

    /** {@link System#nanoTime()} deadline of the run; no wait goes beyond it. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Time left until the deadline, at least 1 ms. */
    public long remainingMillis() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /**
     * The round the story starts at: 1, or for a participant restarted to rejoin the run the
     * round the others are at ({@link RejoinPlan#round()}); what it did of that round before it
     * died, {@link LibBarriers} skips.
     */
    public int firstRound() {
        return rejoin == null ? 1 : rejoin.round();
    }

    /** True for a participant restarted to rejoin the run mid-story. */
    public boolean rejoining() {
        return rejoin != null;
    }

    /** The plan of a participant restarted to rejoin the run ({@link #rejoining()}), else null. */
    RejoinPlan rejoinPlan() {
        return rejoin;
    }

    /** The current round (0 before the first {@link #round} call). */
    public int currentRound() {
        return round;
    }

    /** Barrier-lib operations for this participant (recording, gated). */
    public LibBarriers lib() {
        if (lib == null) {
            lib = new LibBarriers(this);
        }
        return lib;
    }

    /**
     * Called when the story has been played to the end: a restarted participant's restart is
     * over (its rejoin marker is removed, the survivors no longer wait for its resets).
     */
    public void storyEnded() throws KeeperException, InterruptedException {
        if (lib != null) {
            lib.storyEnded();
        }
    }

    /** Records an event of this participant. */
    public TraceEvent record(TraceEvent event) throws KeeperException, InterruptedException {
        return recordRidingConnectionLoss(event);
    }

    /**
     * Records, again after a connection loss ({@link ConnectionLossRetry}, within the session
     * timeout the participant negotiated): a participant rides out the loss of its server. A
     * write applied just before the connection broke is written twice; the launcher counts
     * such a duplicate once.
     */
    private TraceEvent recordRidingConnectionLoss(TraceEvent event) throws KeeperException, InterruptedException {
        return ConnectionLossRetry.call(zk, () -> trace.record(event));
    }

    /** Records a narration line of the story. */
    public void note(String text) throws KeeperException, InterruptedException {
        recordRidingConnectionLoss(TraceEvent.of(self, EventType.NOTE, "", -1).with("text", text));
    }

    /**
     * Marks the start of round {@code r}. If the launcher planned {@code --kill <self>@r}, this
     * announces it (a {@code note} with {@code fault=kill}) and waits to be killed, so the
     * others are left at this round's barrier.
     *
     * @throws TimeoutException if the launcher did not kill us before the deadline
     */
    public void round(int r) throws KeeperException, InterruptedException, TimeoutException {
        this.round = r;
        if (r == killRound) {
            recordRidingConnectionLoss(TraceEvent.of(self, EventType.NOTE, "", -1)
                    .with("text", self + " stops in round " + r + " and is about to be killed (fault injection)")
                    .with("fault", "kill")
                    .with("round", Integer.toString(r)));
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            throw new TimeoutException("planned to be killed in round " + r + " but nobody did");
        }
    }

    /** Sleeps for a think time of the story, divided by the run's current speed. */
    public void think(Duration base) throws KeeperException, InterruptedException {
        double speed = gate.speed();
        long millis = (long) (base.toMillis() / speed);
        long cap = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        if (millis > 0) {
            Thread.sleep(Math.min(millis, cap));
        }
    }

    /** A think time between {@code minMillis} and {@code maxMillis}, scaled by speed. */
    public void think(long minMillis, long maxMillis) throws KeeperException, InterruptedException {
        long span = Math.max(0, maxMillis - minMillis);
        think(Duration.ofMillis(minMillis + (span == 0 ? 0 : (long) (random.nextDouble() * span))));
    }

    /** Passes the step gate before a barrier operation (returns at once unless in step mode). */
    public void step(String op, String scope, long generation)
            throws KeeperException, InterruptedException, TimeoutException {
        gate.awaitStep(op, scope, generation, deadlineNanos);
    }
}
