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
 * Phase 4, restricted reusable barriers: a restaurant. The cooks (odd participants) finish
 * each course together at the {@code pass} barrier of the kitchen, the waiters (even
 * participants) lay the tables together at the {@code dining} barrier, and then the whole
 * staff meets at the {@code service} barrier before the course goes out. Three reusable
 * barriers: two restricted to a subgroup, one of all members.
 */
final class RestrictedScenario implements Scenario {

    @Override
    public String name() {
        return "restricted";
    }

    @Override
    public String story() {
        return "Phase 4. A restaurant: cooks finish each course together in the kitchen, waiters lay the tables"
                + " together, then the whole staff meets at the service hatch (two restricted reusable barriers"
                + " and one of everybody).";
    }

    @Override
    public int defaultRounds() {
        return 4;
    }

    @Override
    public int minParticipants() {
        return 2;
    }

    @Override
    public String role(String id, List<String> participants) {
        return (participants.indexOf(id) % 2 == 0) ? "cook" : "waiter";
    }

    /** Odd positions (p1, p3...) are cooks, even positions waiters. */
    static List<String> group(List<String> participants, int parity) {
        List<String> g = new ArrayList<>();
        for (int i = 0; i < participants.size(); i++) {
            if (i % 2 == parity) {
                g.add(participants.get(i));
            }
        }
        return g;
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        return List.of(
                new Barrier("kitchen", false, group(participants, 0)),
                new Barrier("dining", false, group(participants, 1)),
                new Barrier("service", false, List.of()));
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(rounds * 500L);
    }

    /**
     * A restarted cook or waiter rejoins at the course the staff is at: if its team already met
     * for this course before it died, it goes straight to the service hatch.
     */
    @Override
    public boolean rejoins() {
        return true;
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        int parity = (ctx.number() - 1) % 2;
        List<String> mine = group(ctx.participants(), parity);
        try (ZkBarrier team = ctx.lib().barrier(parity == 0 ? "kitchen" : "dining", mine);
                ZkBarrier service = ctx.lib().barrier("service", ctx.participants())) {
            for (int course = ctx.firstRound(); course <= ctx.rounds(); course++) {
                ctx.round(course);
                ctx.think(30, 250); // cooking or laying tables
                ctx.lib().await(team);
                ctx.think(10, 80); // carrying to the hatch
                ctx.lib().await(service);
            }
        }
        ctx.note(ctx.self() + " served " + ctx.rounds() + " courses");
    }
}
