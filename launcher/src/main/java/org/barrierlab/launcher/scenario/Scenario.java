package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.participant.ParticipantContext;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * One of the course's scenarios: a small story with named roles that every participant JVM
 * plays ({@link #play}) while the launcher watches the trace. The launcher side uses the
 * metadata (name, story, roles, expected duration, extra verdict check); the participant side
 * calls {@link #play} in each participant JVM.
 *
 * <p>Participants are always named {@code p1}...{@code pN} (so {@code --kill p2@3} works for
 * every scenario); {@link #role} gives each one the part it plays in the story.
 *
 * <pre>{@code
 * Scenario s = Scenarios.get("nested");
 * System.out.println(s.name() + ": " + s.story());
 * }</pre>
 */
public interface Scenario {

    /** The name used on the command line, e.g. {@code nested}. */
    String name();

    /** One line: the story and what it shows. */
    String story();

    /** Rounds when {@code --rounds} is not given. */
    int defaultRounds();

    /** The barrier implementation when {@code --barrier} is not given: {@code lib} or {@code tutorial}. */
    default String defaultBarrier() {
        return "lib";
    }

    /** True if {@code --barrier tutorial} is meaningful for this scenario. */
    default boolean supportsTutorialBarrier() {
        return false;
    }

    /** True if {@code --kill ID@ROUND} can be honoured (the scenario announces its rounds). */
    default boolean supportsRoundKills() {
        return true;
    }

    /** The least number of participants the story needs. */
    default int minParticipants() {
        return 1;
    }

    /** The participant ids of a run with {@code n} participants: {@code p1}...{@code pN}. */
    default List<String> participants(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ids.add("p" + i);
        }
        return ids;
    }

    /**
     * A barrier of the story: its name under the run's barriers ({@code festival}, or {@code
     * festival/inner/band-a} for a nested one), whether it is a double barrier, and its members
     * (empty: everybody).
     */
    record Barrier(String name, boolean isDouble, List<String> members) {
        public Barrier {
            java.util.Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }

    /**
     * Every barrier a run with these participants and rounds will use, declared before it
     * starts so that the visualizer lays them all out at once (the drawing does not jump when a
     * barrier is first used). Empty when the scenario uses no barriers.
     */
    default List<Barrier> barriers(List<String> participants, int rounds) {
        return List.of();
    }

    /** The part participant {@code id} plays in the story (for the progress table). */
    default String role(String id, List<String> participants) {
        return "";
    }

    /** About how long a healthy run takes at speed 1 (think times included). */
    Duration expectedDuration(int participants, int rounds);

    /**
     * Plays the story in one participant JVM.
     *
     * @throws java.util.concurrent.BrokenBarrierException when a barrier broke (the participant
     *     then exits with code 3)
     */
    void play(ParticipantContext ctx)
            throws InterruptedException, KeeperException, TimeoutException, java.util.concurrent.BrokenBarrierException;

    /**
     * A scenario-specific check of the whole history in zxid order (the classic algorithms'
     * verdicts), on top of the barrier invariant; empty means no objection.
     */
    default Optional<String> check(List<TraceEvent> history) {
        return Optional.empty();
    }

    /**
     * Why this scenario cannot run in this build (e.g. its algorithms are not part of it yet), or
     * empty when it can.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * True if this story can take a restarted participant back mid-run (otherwise it starts
     * from the beginning, and the run ends broken). A story that can plays from {@link
     * ParticipantContext#firstRound()}, calls {@code ctx.round(r)} before the crossings of round
     * {@code r}, crosses each {@code await} barrier at most once a round and enters each double
     * barrier once, all through {@code ctx.lib()}: that skips what the participant's previous JVM
     * did with the others ({@link org.barrierlab.launcher.participant.RejoinPlan}) and waits for
     * the restarted participant instead of giving up.
     */
    default boolean rejoins() {
        return false;
    }

    /**
     * A few sentences explaining a verdict for the audience, or empty; derived from {@code
     * history} (the run's events in zxid order) where the story depends on the run. The terminal
     * and the window show the same text.
     */
    default Optional<String> explain(
            org.barrierlab.launcher.verdict.Verdict verdict, String barrier, List<TraceEvent> history) {
        return Optional.empty();
    }
}
