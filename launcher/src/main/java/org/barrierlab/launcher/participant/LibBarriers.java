package org.barrierlab.launcher.participant;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.BarrierEvent;
import org.barrierlab.barrier.BarrierListener;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * barrier-lib as the scenarios use it: handles built with this participant's id and a listener
 * that records every barrier event in the run's trace (scope relative to the run root,
 * generation, {@code parties}/{@code members}, {@code index}, {@code wakeups}, {@code round}),
 * and operations that pass the step gate first and never wait beyond the run's deadline.
 *
 * <pre>{@code
 * ZkBarrier crew = ctx.lib().barrier("stroke", ctx.participants());
 * ctx.lib().await(crew);
 * }</pre>
 *
 * <p>Used by the participant's main thread only (the listener runs in the caller's thread).
 */
public final class LibBarriers {

    private final ParticipantContext ctx;
    private final Map<String, String[]> shape = new ConcurrentHashMap<>();
    private final BarrierListener listener = this::onEvent;
    private final Map<String, Long> lastArrival = new ConcurrentHashMap<>();

    LibBarriers(ParticipantContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /** A barrier of the run restricted to {@code members} (all participants for a full barrier). */
    public ZkBarrier barrier(String name, List<String> members) {
        String path = ctx.run().barrier(name);
        remember(path, members);
        return ZkBarrier.builder(ctx.zk(), path)
                .members(members)
                .participantId(ctx.self())
                .listener(listener)
                .build();
    }

    /** A barrier of the run for any {@code parties} participants (not restricted). */
    public ZkBarrier barrier(String name, int parties) {
        String path = ctx.run().barrier(name);
        shape.put(path, new String[] {Integer.toString(parties), null});
        return ZkBarrier.builder(ctx.zk(), path)
                .parties(parties)
                .participantId(ctx.self())
                .listener(listener)
                .build();
    }

    /** A double barrier of the run for {@code members}. */
    public ZkDoubleBarrier doubleBarrier(String name, List<String> members) {
        String path = ctx.run().barrier(name);
        remember(path, members);
        return ZkDoubleBarrier.builder(ctx.zk(), path)
                .members(members)
                .participantId(ctx.self())
                .listener(listener)
                .build();
    }

    /** A barrier nested in {@code outer}'s scope, restricted to {@code members}. */
    public ZkBarrier inner(ZkDoubleBarrier outer, String name, List<String> members) {
        ZkBarrier b = outer.innerBarrier(name)
                .members(members)
                .participantId(ctx.self())
                .listener(listener)
                .build();
        remember(b.path(), members);
        return b;
    }

    /** A double barrier nested in {@code outer}'s scope, restricted to {@code members}. */
    public ZkDoubleBarrier innerDouble(ZkDoubleBarrier outer, String name, List<String> members) {
        ZkDoubleBarrier d = outer.innerDoubleBarrier(name)
                .members(members)
                .participantId(ctx.self())
                .listener(listener)
                .build();
        remember(d.path(), members);
        return d;
    }

    private void remember(String path, List<String> members) {
        shape.put(path, new String[] {Integer.toString(members.size()), String.join(",", members)});
    }

    /** Step gate, then {@code await} bounded by the run's deadline; returns the arrival index. */
    public int await(ZkBarrier b)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(b.path());
        ctx.step("await " + scope, scope, b.generation());
        return guarded(
                scope,
                b.path(),
                b.generation(),
                b.members(),
                () -> b.await(ctx.remainingMillis(), TimeUnit.MILLISECONDS));
    }

    /** Step gate, then {@code enter} bounded by the run's deadline. */
    public void enter(ZkDoubleBarrier d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(d.path());
        ctx.step("enter " + scope, scope, d.generation());
        guarded(
                scope,
                d.path(),
                d.generation(),
                d.members(),
                () -> d.enter(ctx.remainingMillis(), TimeUnit.MILLISECONDS));
    }

    /** Step gate, then {@code leave} bounded by the run's deadline. */
    public void leave(ZkDoubleBarrier d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(d.path());
        ctx.step("leave " + scope, scope, d.generation());
        guarded(
                scope,
                d.path(),
                d.generation(),
                d.members(),
                () -> d.leave(ctx.remainingMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * The generation the next operation on {@code path} arrives at, for a broken event recorded
     * before arriving: the one after our last arrival (the same round for a double barrier's
     * leave), or the handle's current generation on first use.
     */
    private long nextGeneration(String path, long handleGeneration, boolean sameRound) {
        Long last = lastArrival.get(path);
        if (last == null) {
            return handleGeneration;
        }
        return sameRound ? last : last + 1;
    }

    /** A barrier operation. */
    @FunctionalInterface
    private interface Op {
        int run() throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException;
    }

    /**
     * Runs a barrier operation under the membership watch: a peer that died before or during the
     * wait turns it into a broken barrier (barrier-lib breaks the generation on the interrupt,
     * so every other waiter learns it too).
     */
    private int guarded(String scope, String path, long generation, List<String> members, Op op)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        MembershipWatch watch = ctx.membership();
        if (watch == null) {
            return op.run();
        }
        List<String> among = members == null || members.isEmpty() ? ctx.participants() : members;
        java.util.Optional<String> dead = watch.beginWait(among);
        if (dead.isPresent()) {
            throw brokenByDeath(scope, path, generation, dead.get());
        }
        boolean interrupted = false;
        try {
            return op.run();
        } catch (InterruptedException e) {
            interrupted = true;
            if (watch.endWait()) {
                generation = lastArrival.getOrDefault(path, generation); // we had arrived: that generation broke
                String who = watch.deadAmong(among).orElse(watch.deadAmong(null).orElse("a peer"));
                throw brokenByDeath(scope, path, generation, who);
            }
            throw e;
        } finally {
            if (!interrupted) {
                watch.endWait();
            }
        }
    }

    private ZkBrokenBarrierException brokenByDeath(String scope, String path, long generation, String who)
            throws KeeperException, InterruptedException {
        String reason = who + " died";
        ctx.record(TraceEvent.of(ctx.self(), EventType.BROKEN, scope, generation)
                .with("reason", reason)
                .with("by", who)
                .with("round", Integer.toString(ctx.currentRound()))
                .with("detected", "membership"));
        return new ZkBrokenBarrierException(path, generation, who, reason);
    }

    private void onEvent(BarrierEvent e) {
        String scope = ctx.run().relative(e.path());
        EventType type = EventType.valueOf(e.kind().name());
        TraceEvent t = TraceEvent.of(ctx.self(), type, scope, e.generation())
                .with("round", Integer.toString(ctx.currentRound()));
        switch (e.kind()) {
            case ARRIVE, ENTER, LEAVE -> {
                lastArrival.put(e.path(), e.generation());
                String[] s = shape.get(e.path());
                if (s != null) {
                    t = t.with("parties", s[0]);
                    if (s[1] != null) {
                        t = t.with("members", s[1]);
                    }
                }
            }
            case PASS, ENTERED, LEFT -> t =
                    t.with("index", Integer.toString(e.index())).with("wakeups", Long.toString(e.wakeups()));
            case BROKEN -> t = t.with("reason", e.reason())
                    .with("by", firstWord(e.reason()))
                    .with("wakeups", Long.toString(e.wakeups()));
            case BREAK -> t = t.with("reason", e.reason());
            default -> {
                // RESET: no attributes
            }
        }
        try {
            ctx.record(t);
        } catch (KeeperException e1) {
            throw new TraceWriteException("cannot record " + t.type() + " of " + scope + ": " + e1.getMessage(), e1);
        } catch (InterruptedException e1) {
            Thread.currentThread().interrupt();
            throw new TraceWriteException("interrupted while recording " + t.type() + " of " + scope, e1);
        }
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /** The trace could not be written from inside a barrier listener. */
    public static final class TraceWriteException extends RuntimeException {
        TraceWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
