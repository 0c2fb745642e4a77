package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;

/**
 * Phase 5, nested and restricted barriers: a music festival. Everybody enters the festival
 * grounds together (outer double barrier {@code festival}); inside, two bands (odd and even
 * participants) each go backstage together (an inner double barrier per band) and, song after
 * song, play in time through their band's reusable restricted inner barrier; after every song
 * the whole festival cheers through an inner barrier of everybody ({@code cheer}); then all
 * leave the grounds together. The default tour of {@code barrierlab demo}.
 */
final class NestedScenario implements Scenario {

    @Override
    public String name() {
        return "nested";
    }

    @Override
    public String story() {
        return "Phase 5 (the default tour). A music festival: everybody enters the grounds together (outer double"
                + " barrier); inside, two bands go backstage (inner double barriers) and play song after song in"
                + " time (restricted reusable inner barriers), the crowd cheers after each song, all leave together.";
    }

    @Override
    public int defaultRounds() {
        return 3;
    }

    @Override
    public int minParticipants() {
        return 2;
    }

    @Override
    public String role(String id, List<String> participants) {
        int i = participants.indexOf(id);
        return (i % 2 == 0 ? "band A" : "band B") + (i < 2 ? " singer" : " player");
    }

    @Override
    public List<Barrier> barriers(List<String> participants, int rounds) {
        List<Barrier> out = new ArrayList<>();
        out.add(new Barrier("festival", true, List.of()));
        for (int parity = 0; parity < 2; parity++) {
            String band = parity == 0 ? "band-a" : "band-b";
            List<String> mine = RestrictedScenario.group(participants, parity);
            out.add(new Barrier("festival/inner/" + band + "-backstage", true, mine));
            out.add(new Barrier("festival/inner/" + band, false, mine));
        }
        out.add(new Barrier("festival/inner/cheer", false, List.of()));
        return out;
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofMillis(1000L + rounds * 500L);
    }

    /**
     * A restarted musician rejoins at the song the festival is at, still inside the grounds and
     * backstage (its previous JVM entered them with the others, who cannot enter again): it
     * skips the song if its band already played it, and at the end the backstage and the
     * festival rounds are retaken (reset, everybody enters and leaves again) so that all leave
     * together, the restarted one included.
     */
    @Override
    public boolean rejoins() {
        return true;
    }

    @Override
    public void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, BrokenBarrierException {
        int parity = (ctx.number() - 1) % 2;
        String band = parity == 0 ? "band-a" : "band-b";
        List<String> mine = RestrictedScenario.group(ctx.participants(), parity);
        try (ZkDoubleBarrier festival = ctx.lib().doubleBarrier("festival", ctx.participants())) {
            ctx.round(ctx.firstRound()); // 1, or the song a restarted musician rejoins at
            ctx.think(30, 200); // queueing at the gate
            ctx.lib().enter(festival);
            try (ZkDoubleBarrier backstage = ctx.lib().innerDouble(festival, band + "-backstage", mine);
                    ZkBarrier song = ctx.lib().inner(festival, band, mine);
                    ZkBarrier cheer = ctx.lib().inner(festival, "cheer", ctx.participants())) {
                ctx.lib().enter(backstage);
                for (int s = ctx.firstRound(); s <= ctx.rounds(); s++) {
                    if (s > ctx.firstRound()) {
                        ctx.round(s);
                    }
                    ctx.think(20, 150); // tuning
                    ctx.lib().await(song);
                    ctx.think(10, 100); // playing
                    ctx.lib().await(cheer);
                }
                ctx.lib().leave(backstage);
            }
            ctx.think(20, 120); // last drinks
            ctx.lib().leave(festival);
        }
        ctx.note(ctx.self() + " enjoyed the festival");
    }
}
