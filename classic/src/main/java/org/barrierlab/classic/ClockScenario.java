package org.barrierlab.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.messaging.Message;

/**
 * Scenario {@code clock}: every participant, {@code rounds} times, thinks for a random time,
 * sometimes does some local work, and calls a random peer ({@code CALL}, answered with a random
 * number in {@code ANSWER}) through its Lamport-clocked {@link org.barrierlab.messaging.Endpoint}.
 * Every send, receive and local event is recorded with its clock and message id, for the
 * space-time diagram and for {@link ClassicVerdicts#checkClock}. A peer that does not answer in
 * time (killed) is narrated and skipped. At the end every participant waits until all live
 * participants are done, still answering calls.
 *
 * <pre>{@code
 * ClockScenario.run(ctx, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
 * }</pre>
 */
public final class ClockScenario {

    /** Algorithm name: message {@code algo} and trace scope. */
    public static final String ALGO = "clock";

    private ClockScenario() {}

    /**
     * Runs this participant's part of the story with default tuning.
     *
     * @throws TimeoutException if the deadline passes before the story ends
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
     * @throws TimeoutException if the deadline passes before the story ends
     * @throws KeeperException on ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public static void run(ClassicContext ctx, long deadlineNanos, ClassicTuning tuning)
            throws InterruptedException, KeeperException, TimeoutException {
        try (ClassicNode node = new ClassicNode(ctx)) {
            node.ep.on(ALGO, "CALL", m -> node.ep.reply(m, "ANSWER", Map.of("value", Integer.toString(answer(m)))));
            node.startAndJoin(deadlineNanos, tuning);
            List<String> peers = new ArrayList<>(ctx.participants());
            peers.remove(ctx.self());
            for (int round = 1; round <= ctx.rounds(); round++) {
                node.think(tuning.thinkMillis(), deadlineNanos);
                if (node.random.nextInt(3) == 0) {
                    node.ep.local(ALGO, "round " + round + ": local work");
                }
                if (peers.isEmpty()) {
                    continue;
                }
                String peer = peers.get(node.random.nextInt(peers.size()));
                try {
                    Message answer = node.ep.call(
                            peer,
                            ALGO,
                            "CALL",
                            Map.of("round", Integer.toString(round)),
                            tuning.callTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                    node.ep.local(ALGO, "round " + round + ": " + peer + " answered " + answer.get("value"));
                } catch (TimeoutException e) {
                    node.ep.local(ALGO, "round " + round + ": " + peer + " does not answer");
                }
                ClassicNode.checkDeadline(ctx, deadlineNanos, "calling peers");
            }
            node.finish(deadlineNanos);
        }
    }

    private static int answer(Message m) {
        return Math.floorMod((m.id() + m.clock()).hashCode(), 100);
    }
}
