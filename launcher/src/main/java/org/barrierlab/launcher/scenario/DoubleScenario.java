package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;

/**
 * Phase 2, double barrier: an exam hall. The exam starts only when every student and the
 * proctor ({@code p1}) is seated (enter), and nobody may leave until everyone has handed in
 * (leave), so no answers leak out while others still write. One double barrier per exam.
 */
final class DoubleScenario implements Scenario {

    @Override
    public String name() {
        return "double";
    }

    @Override
    public String story() {
        return "Phase 2. An exam hall: the exam starts when every student and the proctor are seated, and"
                + " nobody leaves until everyone has handed in (one double barrier per exam).";
    }

    @Override
    public int defaultRounds() {
        return 2;
    }

    @Override
    public String role(String id, List<String> participants) {
        return id.equals(participants.get(0)) ? "proctor" : "student";
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        List<Barrier> out = new ArrayList<>();
        for (int exam = 1; exam <= rounds; exam++) {
            out.add(new Barrier("exam-" + exam, true, List.of()));
        }
        return out;
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(rounds * 700L);
    }

    /**
     * A restarted student rejoins at the exam the others are at. If it died inside the hall, the
     * exam is retaken: its leave resets the hall, and everybody enters again and leaves together
     * (nobody may leave before everyone has handed in, and the restarted one has not).
     */
    @Override
    public boolean rejoins() {
        return true;
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        for (int exam = ctx.firstRound(); exam <= ctx.rounds(); exam++) {
            ctx.round(exam);
            ctx.think(30, 250); // walking to the hall
            ZkDoubleBarrier hall = ctx.lib().doubleBarrier("exam-" + exam, ctx.participants());
            ctx.lib().enter(hall);
            ctx.think(50, 400); // writing
            ctx.lib().leave(hall);
            hall.close();
        }
        ctx.note(ctx.self() + " handed in every exam");
    }
}
