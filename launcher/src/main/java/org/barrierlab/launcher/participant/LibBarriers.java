package org.barrierlab.launcher.participant;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.BarrierEvent;
import org.barrierlab.barrier.BarrierListener;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.ConnectionLossRetry;

/**
 * barrier-lib as the scenarios use it: handles built with this participant's id and a listener
 * that records every barrier event in the run's trace (scope relative to the run root,
 * generation, {@code parties}/{@code members}, {@code index}, {@code wakeups}, {@code round}),
 * and operations that pass the step gate first and never wait beyond the run's deadline.
 *
 * <p><b>Failure detection</b> is barrier-lib's alone: every member-restricted handle watches the
 * run's presence directory ({@code participants/}, one ephemeral node per participant JVM), so
 * a participant that dies, even before it ever joined a barrier, breaks the barriers it is a
 * member of and every survivor reports {@code "<id> died"}, the reason the trace, the terminal,
 * the window and the verdict all show.
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
    private final Set<String> prepared = new HashSet<>();
    private final Rejoin rejoin;
    /** Double barriers the previous JVM was inside: not entered again, retaken at leave. */
    private final Set<String> insideBefore = new HashSet<>();
    /** Double barriers the previous JVM entered and left: nothing more to do there. */
    private final Set<String> leftBefore = new HashSet<>();

    private boolean rejoinNoted;

    LibBarriers(ParticipantContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.rejoin = new Rejoin(ctx.zk(), ctx.run(), ctx.self(), ctx.deadlineNanos());
    }

    /** A barrier of the run restricted to {@code members} (all participants for a full barrier). */
    public ZkBarrier barrier(String name, List<String> members) {
        String path = ctx.run().barrier(name);
        remember(path, members);
        return ZkBarrier.builder(ctx.zk(), path)
                .members(members)
                .presence(ctx.run().participants())
                .participantId(ctx.self())
                .listener(listener)
                .acl(ctx.run().acl())
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
                .acl(ctx.run().acl())
                .build();
    }

    /** A double barrier of the run for {@code members}. */
    public ZkDoubleBarrier doubleBarrier(String name, List<String> members) {
        String path = ctx.run().barrier(name);
        remember(path, members);
        return ZkDoubleBarrier.builder(ctx.zk(), path)
                .members(members)
                .presence(ctx.run().participants())
                .participantId(ctx.self())
                .listener(listener)
                .acl(ctx.run().acl())
                .build();
    }

    /**
     * A barrier nested in {@code outer}'s scope, restricted to {@code members}. For a restarted
     * participant whose previous JVM was inside {@code outer} (it does not enter again, see
     * {@link #enter}) the handle is built at the same path but detached from {@code outer}:
     * barrier-lib's "only while inside" check is per handle, and the new JVM's handle of {@code
     * outer} never entered.
     */
    public ZkBarrier inner(ZkDoubleBarrier outer, String name, List<String> members) {
        ZkBarrier b = (insideBefore.contains(outer.path())
                        ? ZkBarrier.builder(ctx.zk(), outer.path() + "/inner/" + name)
                        : outer.innerBarrier(name))
                .members(members)
                .presence(ctx.run().participants())
                .participantId(ctx.self())
                .listener(listener)
                .acl(ctx.run().acl())
                .build();
        remember(b.path(), members);
        return b;
    }

    /** A double barrier nested in {@code outer}'s scope, restricted to {@code members} (see {@link #inner}). */
    public ZkDoubleBarrier innerDouble(ZkDoubleBarrier outer, String name, List<String> members) {
        ZkDoubleBarrier d = (insideBefore.contains(outer.path())
                        ? ZkDoubleBarrier.builder(ctx.zk(), outer.path() + "/inner/" + name)
                        : outer.innerDoubleBarrier(name))
                .members(members)
                .presence(ctx.run().participants())
                .participantId(ctx.self())
                .listener(listener)
                .acl(ctx.run().acl())
                .build();
        remember(d.path(), members);
        return d;
    }

    private void remember(String path, List<String> members) {
        shape.put(path, new String[] {Integer.toString(members.size()), String.join(",", members)});
    }

    /**
     * Step gate, then {@code await} bounded by the run's deadline; returns the arrival index (-1
     * for a crossing a restarted participant skips).
     *
     * <p>Restart that rejoins ({@link Rejoin}, {@link RejoinPlan}): a restarted participant skips
     * the crossings its previous JVM made with the others and resets a barrier it finds broken
     * (by its death, or a late notice of it); a survivor whose generation broke while somebody
     * is being restarted waits for the next reset and arrives again at the fresh generation, so
     * the round is played again with everybody instead of ending the run.
     */
    public int await(ZkBarrier b)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(b.path());
        if (ctx.rejoining() && ctx.rejoinPlan().passed(scope, ctx.currentRound())) {
            return -1; // made by the previous JVM with the others
        }
        ctx.step("await " + scope, scope, b.generation());
        prepareParents(b.path());
        noteRejoin("await " + scope);
        while (true) {
            try {
                return b.await(ctx.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (ZkBrokenBarrierException e) {
                retryAfter(e, b::reset);
            }
        }
    }

    /**
     * Step gate, then {@code enter} bounded by the run's deadline. A restarted participant whose
     * previous JVM was inside {@code d} (with the others, who cannot enter again) does not
     * enter: that enter stands, and {@link #leave} retakes the round; one that had left {@code
     * d} does nothing. A broken enter is retried as in {@link #await}.
     */
    public void enter(ZkDoubleBarrier d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(d.path());
        if (ctx.rejoining()) {
            if (ctx.rejoinPlan().inside(scope)) {
                insideBefore.add(d.path());
                return;
            }
            if (ctx.rejoinPlan().left(scope)) {
                leftBefore.add(d.path());
                return;
            }
        }
        ctx.step("enter " + scope, scope, d.generation());
        prepareParents(d.path());
        noteRejoin("enter " + scope);
        enterRetrying(d);
    }

    /**
     * Step gate, then {@code leave} bounded by the run's deadline. When somebody is being
     * restarted a broken leave is not the end: the round is retaken, as a reset round starts at
     * its enter phase (after the reset, enter again, then leave). A restarted participant whose
     * previous JVM was inside {@code d} retakes it the same way, resetting it first.
     */
    public void leave(ZkDoubleBarrier d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String scope = ctx.run().relative(d.path());
        if (leftBefore.contains(d.path())) {
            return;
        }
        ctx.step("leave " + scope, scope, d.generation());
        if (insideBefore.contains(d.path()) && !d.isInside()) {
            // its leave phase broke when we died: reset it and take the round again with everybody
            noteRejoin("retake " + scope);
            d.reset();
            rejoin.markReset();
            enterRetrying(d);
        }
        while (true) {
            try {
                d.leave(ctx.remainingMillis(), TimeUnit.MILLISECONDS);
                insideBefore.remove(d.path());
                return;
            } catch (ZkBrokenBarrierException e) {
                retryAfter(e, d::reset);
                enterRetrying(d);
            }
        }
    }

    private void enterRetrying(ZkDoubleBarrier d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        while (true) {
            try {
                d.enter(ctx.remainingMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ZkBrokenBarrierException e) {
                retryAfter(e, d::reset);
            }
        }
    }

    /** Something resettable: a barrier handle's {@code reset}. */
    private interface Reset {
        void reset() throws KeeperException, InterruptedException;
    }

    /** The restarted participant's first barrier operation: where it rejoined, for every view. */
    private void noteRejoin(String op) throws KeeperException, InterruptedException {
        if (!ctx.rejoining() || rejoinNoted) {
            return;
        }
        rejoinNoted = true;
        ctx.record(TraceEvent.of(ctx.self(), EventType.NOTE, "", -1)
                .with("text", ctx.self() + " rejoins at round " + ctx.currentRound() + " (" + op + ")")
                .with("rejoined", Integer.toString(ctx.currentRound()))
                .with("round", Integer.toString(ctx.currentRound())));
    }

    /**
     * A crossing broke: a restarted participant resets the barrier (its death broke it, or a
     * late notice of its death broke the fresh generation) and tells the survivors; a survivor
     * waits for the restarted participant's next reset; otherwise the break stands. A barrier is
     * reset only when the restarted participant finds it broken: a fresh one (the next exam) is
     * used as usual, and no reset breaks a generation that could release without it.
     */
    private void retryAfter(ZkBrokenBarrierException e, Reset reset)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        if (ctx.rejoining() && rejoin.rejoining()) {
            reset.reset();
            rejoin.markReset();
        } else if (!rejoin.awaitReset()) {
            throw e;
        }
    }

    /**
     * The restarted participant has played its story to the end: the restart is over, the
     * survivors no longer wait for its resets. Until then any barrier its death broke (the
     * next generation of each barrier it is a member of) may still be ahead of somebody.
     */
    void storyEnded() throws KeeperException, InterruptedException {
        if (ctx.rejoining()) {
            rejoin.clear();
        }
    }

    /**
     * Creates the parent of a nested barrier (its enclosing barrier's {@code inner} node) with
     * the run's ACL before barrier-lib joins: barrier-lib creates missing parents open to
     * everyone and only the barrier's own nodes with the builder's ACL. Every participant does
     * this before its own first join, so whoever creates the parent creates it with the run's
     * ACL. The enclosing barrier's node exists already (it was entered first); if not, nothing
     * is created and barrier-lib reports the misuse.
     */
    private void prepareParents(String path) throws KeeperException, InterruptedException {
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (parent.equals(ctx.run().barriers()) || !prepared.add(parent)) {
            return;
        }
        try {
            ConnectionLossRetry.call(ctx.zk(), () -> ctx.zk()
                    .create(parent, new byte[0], ctx.run().acl(), CreateMode.PERSISTENT));
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
            // created by another participant (or our own lost reply); or no enclosing barrier
        }
    }

    private void onEvent(BarrierEvent e) {
        String scope = ctx.run().relative(e.path());
        EventType type = EventType.valueOf(e.kind().name());
        TraceEvent t = TraceEvent.of(ctx.self(), type, scope, e.generation())
                .with("round", Integer.toString(ctx.currentRound()));
        switch (e.kind()) {
            case ARRIVE, ENTER, LEAVE -> {
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
            case BROKEN -> t = broken(t, e);
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

    /**
     * A broken event as every view tells it. barrier-lib's reason starts with the participant
     * that broke the generation ({@code "p3 p2 died"}); when what it reports is a death, the
     * dead member broke it ({@code by=p2, reason="p2 died"}, {@code noticed=p3}), as the reducer
     * and the verdict say too; otherwise the breaker and its reason ({@code by=p1, reason="p1
     * timeout"}).
     */
    private static TraceEvent broken(TraceEvent t, BarrierEvent e) {
        String breaker = firstWord(e.reason());
        String cause = e.reason().length() > breaker.length()
                ? e.reason().substring(breaker.length()).trim()
                : "";
        Matcher death = DEATH.matcher(cause);
        TraceEvent b = t.with("wakeups", Long.toString(e.wakeups()));
        if (death.matches()) {
            return b.with("by", death.group(1)).with("reason", cause).with("noticed", breaker);
        }
        return b.with("by", breaker).with("reason", e.reason());
    }

    private static final Pattern DEATH = Pattern.compile("(\\S+) died");

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
