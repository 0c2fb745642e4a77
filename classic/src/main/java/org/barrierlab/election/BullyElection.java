package org.barrierlab.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.messaging.Actor;
import org.barrierlab.messaging.Endpoint;
import org.barrierlab.messaging.Message;
import org.barrierlab.messaging.Participants;
import org.barrierlab.runmodel.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bully leader election (Garcia-Molina) over an {@link Endpoint}: participant ids are
 * ordered by {@link Participants#ORDER} ({@code p10 > p9}); the highest live id wins.
 *
 * <p>Protocol (messages of algorithm {@value #ALGO}): a process starting an election sends
 * {@code ELECTION} requests to every higher id; each live higher process answers {@code OK} and
 * starts its own election. Without any {@code OK} within {@link Timing#answerTimeout()} the
 * process wins and announces {@code COORDINATOR} to all others; with an {@code OK} it waits
 * {@link Timing#coordinatorTimeout()} for the announcement and otherwise starts over. A {@code
 * COORDINATOR} from a lower id is answered by an election (the bully takes over: this is how a
 * restarted higher id becomes leader). A periodic health check {@code PING}s the leader every
 * {@link Timing#healthPeriod()}; no {@code ALIVE} within {@link Timing#healthTimeout()}, or an
 * {@code ALIVE} naming a different leader, starts an election.
 *
 * <p>Guarantees: one election at a time per process; all state lives on one internal thread, so
 * message handlers never block the delivery thread; once messages stop being lost and no process
 * fails for a few timeouts, all live processes follow the highest live id. Records {@code
 * election} when an election starts here and {@code leader} (attr {@code leader}) each time this
 * process's belief changes. Timeouts are detection, not errors: a dead peer just never answers.
 * A send that fails (connection loss) is logged and treated like a lost message: the timeouts
 * and the next health check recover. After the session expires this process is dead to the
 * others; {@link #close()} stops it.
 *
 * <pre>{@code
 * BullyElection election = new BullyElection(endpoint, BullyElection.Timing.defaults());
 * endpoint.start();
 * election.start();
 * String leader = election.awaitLeader(5, TimeUnit.SECONDS).orElseThrow();
 * election.close();
 * }</pre>
 */
public final class BullyElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BullyElection.class);

    /** Algorithm name: message {@code algo} and trace scope. */
    public static final String ALGO = "election";

    /**
     * Timeouts and period of the election.
     *
     * @param answerTimeout how long to wait for an {@code OK} from a higher id
     * @param coordinatorTimeout how long to wait for {@code COORDINATOR} after an {@code OK}
     * @param healthPeriod period of the leader health check
     * @param healthTimeout how long the leader has to answer a {@code PING}
     */
    public record Timing(
            Duration answerTimeout, Duration coordinatorTimeout, Duration healthPeriod, Duration healthTimeout) {
        public Timing {
            for (Duration d : new Duration[] {answerTimeout, coordinatorTimeout, healthPeriod, healthTimeout}) {
                Objects.requireNonNull(d, "duration");
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("election timings must be > 0, was " + d);
                }
            }
        }

        /** Answer 1 s, coordinator 2 s, health period 1 s, health timeout 1 s. */
        public static Timing defaults() {
            return new Timing(
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
        }
    }

    private final Endpoint ep;
    private final Timing timing;
    private final String self;
    private final List<String> higher;
    private final List<String> others;
    private final Actor actor;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Object beliefLock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();

    // State below is touched only on the actor thread (except the volatile reads).
    private volatile String leader;
    private volatile boolean electing;
    private volatile boolean healthChecks = true;
    private volatile boolean closed;
    private int round;
    private int awaitingAnswers;
    private boolean gotOk;
    private ScheduledFuture<?> coordinatorWait;
    private ScheduledFuture<?> health;

    /**
     * Creates the election and registers its message handlers on the endpoint; call before
     * {@link Endpoint#start()}.
     */
    public BullyElection(Endpoint endpoint, Timing timing) {
        this.ep = Objects.requireNonNull(endpoint, "endpoint");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.self = endpoint.self();
        List<String> sorted = Participants.sorted(endpoint.participants());
        this.higher = new ArrayList<>();
        this.others = new ArrayList<>();
        for (String p : sorted) {
            if (Participants.ORDER.compare(p, self) > 0) {
                higher.add(p);
            }
            if (!p.equals(self)) {
                others.add(p);
            }
        }
        this.actor = new Actor("election", self);
        ep.on(ALGO, "ELECTION", this::onElection);
        ep.on(ALGO, "COORDINATOR", m -> run(() -> onCoordinator(m.from())));
        ep.on(ALGO, "PING", m -> ep.reply(m, "ALIVE", Map.of("leader", leader == null ? "" : leader)));
    }

    /**
     * Starts the first election and the periodic health check (at most once).
     *
     * @throws IllegalStateException if already started
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("election of " + self + " already started");
        }
        run(() -> startElection("start"));
        health = actor.scheduleWithFixedDelay(
                this::healthCheck,
                timing.healthPeriod().toNanos(),
                timing.healthPeriod().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** The leader this process currently follows, if any. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader);
    }

    /** True while an election started here is running. */
    public boolean isElecting() {
        return electing;
    }

    /** Adds a listener called (on the election thread) with each new leader; must not block. */
    public void addListener(Consumer<String> onNewLeader) {
        listeners.add(Objects.requireNonNull(onNewLeader, "onNewLeader"));
    }

    /**
     * Waits until this process follows a leader.
     *
     * @return the leader, or empty if none within the timeout
     * @throws InterruptedException if interrupted
     */
    public Optional<String> awaitLeader(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (beliefLock) {
            while (leader == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(beliefLock, left);
            }
            return Optional.of(leader);
        }
    }

    /**
     * Stops starting elections from the periodic health check (this process still answers and
     * joins elections that others start). Used when a scenario is winding down, so that
     * processes leaving at the end do not look like failures.
     */
    public void stopHealthChecks() {
        healthChecks = false;
    }

    /**
     * Asks every other participant whom it follows ({@code PING}); blocking, for the scenario
     * thread. Participants that do not answer within the timeout are absent from the result.
     *
     * @return participant id to its leader ("" for none), including this process
     * @throws KeeperException if a send fails
     * @throws InterruptedException if interrupted
     */
    public Map<String, String> survey(long timeout, TimeUnit unit) throws KeeperException, InterruptedException {
        Map<String, CompletableFuture<Message>> asked = new HashMap<>();
        for (String p : others) {
            asked.put(p, ep.request(p, ALGO, "PING", Map.of(), timeout, unit));
        }
        Map<String, String> out = new HashMap<>();
        out.put(self, leader == null ? "" : leader);
        long deadline = System.nanoTime() + unit.toNanos(timeout) + TimeUnit.MILLISECONDS.toNanos(100);
        for (Map.Entry<String, CompletableFuture<Message>> e : asked.entrySet()) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                Message m = e.getValue().get(left, TimeUnit.NANOSECONDS);
                out.put(e.getKey(), m.get("leader") == null ? "" : m.get("leader"));
            } catch (ExecutionException | TimeoutException ex) {
                // no answer: dead or slow
            }
        }
        return out;
    }

    /** Stops the election thread; idempotent. The endpoint is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        actor.close();
    }

    private void onElection(Message m) throws KeeperException, InterruptedException {
        if (Participants.ORDER.compare(m.from(), self) >= 0) {
            LOG.warn("{}: ELECTION from {} which is not lower; ignored", self, m.from());
            return;
        }
        ep.reply(m, "OK", Map.of());
        run(() -> startElection("election from " + m.from()));
    }

    private void onCoordinator(String from) throws KeeperException, InterruptedException {
        if (Participants.ORDER.compare(from, self) < 0) {
            startElection("coordinator " + from + " is lower");
            return;
        }
        if (electing) {
            endElection();
        }
        setLeader(from);
    }

    private void startElection(String reason) throws KeeperException, InterruptedException {
        if (electing || closed) {
            return;
        }
        electing = true;
        int r = ++round;
        gotOk = false;
        ep.event(EventType.ELECTION, ALGO, Map.of("reason", reason, "round", Integer.toString(r)));
        if (higher.isEmpty()) {
            win();
            return;
        }
        awaitingAnswers = higher.size();
        for (String h : higher) {
            CompletableFuture<Message> f;
            try {
                f = ep.request(
                        h, ALGO, "ELECTION", Map.of(), timing.answerTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (KeeperException e) {
                LOG.warn("{}: could not send ELECTION to {}: {}", self, h, e.code());
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((ok, err) -> run(() -> onAnswer(r, err == null)));
        }
    }

    private void onAnswer(int r, boolean ok) throws KeeperException, InterruptedException {
        if (r != round || !electing) {
            return;
        }
        awaitingAnswers--;
        if (ok && !gotOk) {
            gotOk = true;
            coordinatorWait = actor.schedule(
                    () -> {
                        if (r == round && electing) {
                            endElection();
                            startElection("no coordinator after OK");
                        }
                    },
                    timing.coordinatorTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (awaitingAnswers == 0 && !gotOk) {
            win();
        }
    }

    private void win() throws KeeperException, InterruptedException {
        endElection();
        setLeader(self);
        for (String o : others) {
            ep.send(o, ALGO, "COORDINATOR", Map.of("leader", self));
        }
    }

    private void endElection() {
        electing = false;
        round++;
        if (coordinatorWait != null) {
            coordinatorWait.cancel(false);
            coordinatorWait = null;
        }
    }

    private void setLeader(String l) throws KeeperException, InterruptedException {
        if (l.equals(leader)) {
            return;
        }
        ep.event(EventType.LEADER, ALGO, Map.of("leader", l));
        synchronized (beliefLock) {
            leader = l;
            beliefLock.notifyAll();
        }
        for (Consumer<String> c : listeners) {
            try {
                c.accept(l);
            } catch (RuntimeException e) {
                LOG.error("{}: leader listener failed", self, e);
            }
        }
    }

    private void healthCheck() throws KeeperException, InterruptedException {
        if (!healthChecks || electing || closed) {
            return;
        }
        String l = leader;
        if (l == null) {
            startElection("no leader");
            return;
        }
        if (l.equals(self)) {
            return;
        }
        CompletableFuture<Message> f =
                ep.request(l, ALGO, "PING", Map.of(), timing.healthTimeout().toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((m, err) -> run(() -> {
            if (!l.equals(leader) || electing) {
                return;
            }
            if (err != null) {
                ep.local(ALGO, "leader " + l + " does not answer");
                startElection("leader " + l + " silent");
            } else if (!l.equals(m.get("leader"))) {
                startElection("leader " + l + " follows '" + m.get("leader") + "'");
            }
        }));
    }

    private void run(Actor.Step step) {
        actor.execute(step);
    }
}
