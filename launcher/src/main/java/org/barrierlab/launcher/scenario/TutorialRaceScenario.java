package org.barrierlab.launcher.scenario;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.state.CountRace;
import org.barrierlab.tutorial.TutorialBarrier;

/**
 * Phase 1: the ZooKeeper tutorial's barrier in a story whose timing makes its race happen.
 *
 * <p>The bakery's night shift bakes in batches. For each batch all bakers enter the oven room
 * (double barrier enter), bake, and leave (double barrier leave); the same barrier node is
 * used for every batch, as in the tutorial. The head baker ({@code p1}) checks every oven, so
 * he is always the last to leave, and he walks straight back in for the next batch. With the
 * tutorial's barrier, leaving means "wait until the room's child count is 0": the head baker
 * sees 0, re-enters at once, and a baker who re-counts a moment later sees 1 and waits for an
 * empty room forever, while the head baker waits for a full one (ZOOKEEPER-1011). With
 * barrier-lib the same story passes: its generations do not depend on counting.
 *
 * <p>The tutorial barrier records its events with asynchronous writes, which ZooKeeper orders
 * before the session's next request (so the trace stays sound) without adding a round trip to
 * the head baker's way back in: tracing must not hide the race it shows.
 */
final class TutorialRaceScenario implements Scenario {

    @Override
    public String name() {
        return "tutorial-race";
    }

    @Override
    public String story() {
        return "Phase 1. Bakers enter and leave the oven room batch after batch through one reused double"
                + " barrier; the head baker leaves last and walks straight back in. The tutorial's barrier"
                + " hangs (--barrier tutorial, default), barrier-lib passes (--barrier lib).";
    }

    @Override
    public int defaultRounds() {
        return 45; // the race hits about one batch in ten; 45 batches make a hang all but certain
    }

    @Override
    public String defaultBarrier() {
        return "tutorial";
    }

    @Override
    public boolean supportsTutorialBarrier() {
        return true;
    }

    @Override
    public String role(String id, List<String> participants) {
        return id.equals(participants.get(0)) ? "head baker" : "baker";
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        return List.of(new Barrier("oven", true, List.of()));
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(rounds * 120L);
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        boolean head = ctx.number() == 1;
        if (ctx.barrierKind().equals("tutorial")) {
            playTutorial(ctx, head);
        } else {
            playLib(ctx, head);
        }
    }

    private void playTutorial(ParticipantContext ctx, boolean head)
            throws InterruptedException, KeeperException, TimeoutException {
        String path = ctx.run().barrier("oven");
        String scope = ctx.run().relative(path);
        AtomicInteger batch = new AtomicInteger();
        // Every count read goes into the trace (asynchronously, like the other events): the
        // verdict's explanation shows which count, read when, left whom waiting.
        TutorialBarrier oven = new TutorialBarrier(
                ctx.zk(),
                path,
                ctx.participants().size(),
                ctx.self(),
                ctx.run().acl(),
                (entering, children, want) -> recordAsync(
                        ctx,
                        TraceEvent.of(ctx.self(), EventType.COUNT, scope, batch.get())
                                .with("op", entering ? "enter" : "leave")
                                .with("count", Integer.toString(children.size()))
                                .with("want", Integer.toString(want))
                                .with("children", String.join(",", new TreeSet<>(children)))));
        String parties = Integer.toString(ctx.participants().size());
        for (int r = 1; r <= ctx.rounds(); r++) {
            ctx.round(r);
            batch.set(r);
            // The dough for the next batch is ready: everybody walks straight back in.
            ctx.step("enter " + scope, scope, r);
            recordAsync(
                    ctx,
                    TraceEvent.of(ctx.self(), EventType.ENTER, scope, r)
                            .with("parties", parties)
                            .with("round", Integer.toString(r)));
            if (!oven.enter(ctx.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(ctx.self() + " waited for a full oven room in batch " + r);
            }
            recordAsync(
                    ctx,
                    TraceEvent.of(ctx.self(), EventType.ENTERED, scope, r)
                            .with("round", Integer.toString(r))
                            .with("wakeups", Long.toString(oven.wakeups())));
            if (head) {
                ctx.think(60, 80); // checks every oven: always the last one out
            } else {
                ctx.think(5, 25);
            }
            ctx.step("leave " + scope, scope, r);
            recordAsync(
                    ctx,
                    TraceEvent.of(ctx.self(), EventType.LEAVE, scope, r)
                            .with("parties", parties)
                            .with("round", Integer.toString(r)));
            if (!oven.leave(ctx.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(ctx.self() + " waited for an empty oven room in batch " + r);
            }
            recordAsync(
                    ctx,
                    TraceEvent.of(ctx.self(), EventType.LEFT, scope, r)
                            .with("round", Integer.toString(r))
                            .with("wakeups", Long.toString(oven.wakeups())));
        }
        ctx.zk().sync(path); // flush the asynchronous trace writes before exiting
        ctx.record(TraceEvent.of(ctx.self(), EventType.NOTE, "", -1).with("text", ctx.self() + " finished its shift"));
    }

    private void playLib(ParticipantContext ctx, boolean head)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        ZkDoubleBarrier oven = ctx.lib().doubleBarrier("oven", ctx.participants());
        for (int r = 1; r <= ctx.rounds(); r++) {
            ctx.round(r);
            if (!head) {
                ctx.think(20, 60);
            }
            ctx.lib().enter(oven);
            if (head) {
                ctx.think(60, 80);
            } else {
                ctx.think(5, 25);
            }
            ctx.lib().leave(oven);
        }
        ctx.note(ctx.self() + " finished its shift");
    }

    /**
     * Writes an event without waiting for the reply. ZooKeeper executes a session's requests in
     * order, so the event's zxid still precedes the barrier write that follows.
     */
    private static void recordAsync(ParticipantContext ctx, TraceEvent e) {
        ctx.zk()
                .create(
                        ctx.run().eventPrefix(),
                        TraceJson.encode(e).getBytes(StandardCharsets.UTF_8),
                        ctx.run().acl(),
                        CreateMode.PERSISTENT_SEQUENTIAL,
                        (rc, path, c, name) -> {},
                        null);
    }

    @Override
    public Optional<String> explain(Verdict verdict, String barrier, List<TraceEvent> history) {
        if (barrier.equals("tutorial") && verdict.outcome() == Verdict.Outcome.HUNG) {
            Optional<CountRace> race = CountRace.find(history);
            if (race.isPresent()) {
                return Optional.of(race.get().text());
            }
            return Optional.of("Whoever saw the oven room empty first walked straight back in for the next batch, so"
                    + " a baker who re-counted a moment later saw someone inside again and kept waiting for an empty"
                    + " room (stuck in leave) while the others wait for a full one (stuck in enter). The tutorial's"
                    + " barrier decides by counting the children of one reused node, and a count cannot tell"
                    + " \"everybody left and one came back\" from \"not everybody has left\".");
        }
        if (barrier.equals("lib") && verdict.outcome() == Verdict.Outcome.PASS) {
            return Optional.of("The same story on barrier-lib: the head baker still walks straight back in, but"
                    + " each batch is its own generation, so nobody confuses his early return with the room"
                    + " not being empty yet. Every baker passed every batch.");
        }
        return Optional.empty();
    }
}
