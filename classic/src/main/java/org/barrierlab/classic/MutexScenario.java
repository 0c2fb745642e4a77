package org.barrierlab.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.election.BullyElection;
import org.barrierlab.mutex.CentralizedMutex;

/**
 * Scenario {@code mutex}: participants elect a coordinator ({@link BullyElection}) and use the
 * {@link CentralizedMutex}: each requests the mutex {@code rounds} times after a random think
 * time, sometimes with two requests outstanding at once, holds it for a random time and
 * releases it. Kill the coordinator and the next leader rebuilds the queue; kill a holder and
 * the coordinator moves on. At the end every participant (the coordinator too) waits until all
 * live participants are done. The verdict is {@link ClassicVerdicts#checkMutex}.
 *
 * <pre>{@code
 * MutexScenario.run(ctx, System.nanoTime() + TimeUnit.SECONDS.toNanos(90));
 * }</pre>
 */
public final class MutexScenario {

    private MutexScenario() {}

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
        try (ClassicNode node = new ClassicNode(ctx);
                BullyElection election = new BullyElection(node.ep, tuning.election());
                CentralizedMutex mutex = new CentralizedMutex(node.ep, election, node.members, tuning.mutex())) {
            node.startAndJoin(deadlineNanos, tuning);
            election.start();
            mutex.start();
            int done = 0;
            while (done < ctx.rounds()) {
                node.think(tuning.thinkMillis(), deadlineNanos);
                int n = (ctx.rounds() - done >= 2 && node.random.nextInt(4) == 0) ? 2 : 1;
                List<CentralizedMutex.Ticket> outstanding = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    outstanding.add(mutex.request());
                }
                if (n > 1) {
                    node.ep.local(CentralizedMutex.ALGO, n + " requests outstanding");
                }
                while (!outstanding.isEmpty()) {
                    CentralizedMutex.Ticket t = firstGranted(outstanding, deadlineNanos);
                    outstanding.remove(t);
                    node.ep.local(CentralizedMutex.ALGO, "in the critical section (" + t.id() + ")");
                    node.think(tuning.holdMillis(), deadlineNanos);
                    t.release();
                    done++;
                }
            }
            election.stopHealthChecks();
            node.finish(deadlineNanos);
        }
    }

    private static CentralizedMutex.Ticket firstGranted(List<CentralizedMutex.Ticket> tickets, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        CompletableFuture<?>[] fs =
                tickets.stream().map(CentralizedMutex.Ticket::granted).toArray(CompletableFuture[]::new);
        long left = deadlineNanos - System.nanoTime();
        try {
            CompletableFuture.anyOf(fs).get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("mutex request failed", e.getCause());
        }
        for (CentralizedMutex.Ticket t : tickets) {
            if (t.granted().isDone()) {
                return t;
            }
        }
        throw new IllegalStateException("no ticket granted although one completed");
    }
}
