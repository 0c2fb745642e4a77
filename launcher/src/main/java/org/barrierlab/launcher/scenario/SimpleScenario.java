package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;

/**
 * Phase 2, simple barrier: a rope team at base camp. Each day the climbers pack at their own
 * pace; nobody starts the climb until the whole team (the guide {@code p1} included) is at the
 * camp's rope. One fresh, single-use barrier per day ({@code camp-<day>}).
 */
final class SimpleScenario implements Scenario {

    @Override
    public String name() {
        return "simple";
    }

    @Override
    public String story() {
        return "Phase 2. A rope team at base camp: climbers pack at their own pace and nobody starts the"
                + " day's climb until the whole team, guide included, is at the rope (one simple barrier a day).";
    }

    @Override
    public int defaultRounds() {
        return 3;
    }

    @Override
    public String role(String id, List<String> participants) {
        return id.equals(participants.get(0)) ? "guide" : "climber";
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        List<Barrier> out = new ArrayList<>();
        for (int day = 1; day <= rounds; day++) {
            out.add(new Barrier("camp-" + day, false, List.of()));
        }
        return out;
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(rounds * 400L);
    }

    /** A restarted climber rejoins at the day the team is at (that day's rope is reset). */
    @Override
    public boolean rejoins() {
        return true;
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        for (int day = ctx.firstRound(); day <= ctx.rounds(); day++) {
            ctx.round(day);
            ctx.think(50, 350); // packing
            ZkBarrier rope = ctx.lib().barrier("camp-" + day, ctx.participants());
            ctx.lib().await(rope);
            rope.close();
        }
        ctx.note(ctx.self() + " reached the summit every day");
    }
}
