package org.barrierlab.classic;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.election.BullyElection;
import org.barrierlab.messaging.Participants;

/**
 * Scenario {@code leader}: every participant runs the {@link BullyElection} with periodic leader
 * health checks for {@code rounds} health-check periods. Kill the leader and the others detect
 * it and converge on the highest live id (also when the next candidates are dead too); restart
 * a higher id and it takes over. After its rounds a participant waits until the group agrees
 * (every live participant answers and follows the highest live id) and every live participant
 * is done; health checks go on meanwhile, so a kill at the very end is still repaired. The
 * verdict is {@link ClassicVerdicts#checkLeader}.
 *
 * <pre>{@code
 * LeaderScenario.run(ctx, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
 * }</pre>
 */
public final class LeaderScenario {

    private LeaderScenario() {}

    /**
     * Runs this participant's part of the story with default tuning.
     *
     * @throws TimeoutException if the deadline passes before the group agrees and finishes
     * @throws KeeperException on ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static void run(ClassicContext ctx, long deadlineNanos)
            throws InterruptedException, KeeperException, TimeoutException {
        run(ctx, deadlineNanos, ClassicTuning.defaults(ctx.speed()));
    }

    /**
     * Runs this participant's part of the story with the given tuning.
     *
     * @throws TimeoutException if the deadline passes before the group agrees and finishes
     * @throws KeeperException on ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static void run(ClassicContext ctx, long deadlineNanos, ClassicTuning tuning)
            throws InterruptedException, KeeperException, TimeoutException {
        try (ClassicNode node = new ClassicNode(ctx);
                BullyElection election = new BullyElection(node.ep, tuning.election())) {
            node.startAndJoin(deadlineNanos, tuning);
            election.start();
            long period = tuning.election().healthPeriod().toMillis();
            for (int round = 1; round <= ctx.rounds(); round++) {
                node.pause(period, deadlineNanos);
            }
            // Health checks stay on until the end, so a leader killed now is still replaced; a
            // participant leaves only when the group agrees and every live participant is done.
            while (true) {
                awaitAgreement(node, election, tuning, deadlineNanos);
                node.markDone();
                if (node.allLiveDone()) {
                    return;
                }
                node.pause(period, deadlineNanos);
            }
        }
    }

    /** Waits until every live participant follows the highest live id. */
    static void awaitAgreement(ClassicNode node, BullyElection election, ClassicTuning tuning, long deadlineNanos)
            throws KeeperException, InterruptedException, TimeoutException {
        long timeout = tuning.election().healthTimeout().toMillis();
        while (true) {
            Map<String, String> live = node.members.live();
            Map<String, String> beliefs = election.survey(timeout, TimeUnit.MILLISECONDS);
            String highest = Participants.highest(live.keySet());
            boolean agreed = highest != null;
            for (String p : live.keySet()) {
                if (!highest.equals(beliefs.get(p))) {
                    agreed = false;
                    break;
                }
            }
            if (agreed) {
                node.ep.local(BullyElection.ALGO, "the group agrees: " + highest + " leads");
                return;
            }
            node.pause(tuning.election().healthPeriod().toMillis(), deadlineNanos);
        }
    }
}
