package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.classic.ClassicContext;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.classic.ClockScenario;
import org.barrierlab.classic.LeaderScenario;
import org.barrierlab.classic.MutexScenario;
import org.barrierlab.launcher.participant.ParticipantContext;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The classic-algorithm scenarios of the second seed document ({@code clock}, {@code leader},
 * {@code mutex}), implemented in barrier-lib's {@code org.barrierlab.classic}: the launcher
 * runs them like the others (participant JVMs, kills by time, restart) and adds their own
 * verdict check ({@link ClassicVerdicts}) to the history check.
 */
final class ClassicScenario implements Scenario {

    /** The entry point of one classic story. */
    @FunctionalInterface
    interface Story {
        void run(ClassicContext ctx, long deadlineNanos) throws InterruptedException, KeeperException, TimeoutException;
    }

    private final String name;
    private final String story;
    private final Story entry;
    private final Function<List<TraceEvent>, Optional<String>> verdict;

    private ClassicScenario(
            String name, String story, Story entry, Function<List<TraceEvent>, Optional<String>> verdict) {
        this.name = name;
        this.story = story;
        this.entry = entry;
        this.verdict = verdict;
    }

    static ClassicScenario clock() {
        return new ClassicScenario(
                "clock",
                "Classic. Lamport clocks: participants call random peers through ZooKeeper mailboxes and stamp"
                        + " every event; the verdict checks the clock condition over the whole history.",
                ClockScenario::run,
                ClassicVerdicts::checkClock);
    }

    static ClassicScenario leader() {
        return new ClassicScenario(
                "leader",
                "Classic. Bully election: everyone agrees on the highest live id; kill the leader"
                        + " (--kill pN@5s) and watch the others converge on the next one.",
                LeaderScenario::run,
                ClassicVerdicts::checkLeader);
    }

    static ClassicScenario mutex() {
        return new ClassicScenario(
                "mutex",
                "Classic. Centralized mutual exclusion, coordinated by the elected leader: requests queue FIFO,"
                        + " and no two participants ever hold the mutex at once.",
                MutexScenario::run,
                ClassicVerdicts::checkMutex);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String story() {
        return story;
    }

    @Override
    public int defaultRounds() {
        return 5;
    }

    @Override
    public boolean supportsRoundKills() {
        return false;
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofSeconds(6L + rounds * 2L);
    }

    @Override
    public void play(ParticipantContext ctx) throws InterruptedException, KeeperException, TimeoutException {
        // one step gate before the algorithm: a run held at the start (the window's Start, the
        // tour's chapters) waits there like the barrier scenarios do, instead of running unseen
        ctx.step("start", "", -1);
        ClassicContext c = new ClassicContext(
                ctx.zk(),
                ctx.run(),
                ctx.self(),
                ctx.participants(),
                ctx.trace(),
                ctx.gate().speed(),
                ctx.seed(),
                ctx.rounds());
        entry.run(c, ctx.deadlineNanos());
    }

    @Override
    public Optional<String> check(List<TraceEvent> history) {
        return verdict.apply(history);
    }
}
