package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;

/**
 * Phase 3, reusable barrier: a rowing crew. Every stroke the rowers recover at their own pace
 * and catch the water together on the cox's ({@code p1}) call; the same barrier ({@code
 * stroke}) is reused for every stroke, its generation counting the strokes.
 */
final class ReusableScenario implements Scenario {

    @Override
    public String name() {
        return "reusable";
    }

    @Override
    public String story() {
        return "Phase 3. A rowing crew: rowers recover at their own pace and catch the water together on the"
                + " cox's call, stroke after stroke, through one reused barrier whose generation counts strokes.";
    }

    @Override
    public int defaultRounds() {
        return 6;
    }

    @Override
    public String role(String id, List<String> participants) {
        return id.equals(participants.get(0)) ? "cox" : "rower";
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        return List.of(new Barrier("stroke", false, List.of()));
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(rounds * 250L);
    }

    /** A restarted rower rejoins at the stroke the crew is at (it cannot pass one without it). */
    @Override
    public boolean rejoins() {
        return true;
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        try (ZkBarrier stroke = ctx.lib().barrier("stroke", ctx.participants())) {
            for (int s = ctx.firstRound(); s <= ctx.rounds(); s++) {
                ctx.round(s);
                ctx.think(20, 200); // recovery
                ctx.lib().await(stroke);
            }
        }
        ctx.note(ctx.self() + " rowed " + ctx.rounds() + " strokes in time");
    }
}
