package org.barrierlab.barrier;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * A reusable distributed barrier on ZooKeeper, the distributed counterpart of {@link
 * java.util.concurrent.CyclicBarrier}: {@link #await()} blocks until all parties of the current
 * generation have arrived, then every one of them passes and the barrier is ready for the next
 * generation at once.
 *
 * <p><b>Guarantees.</b> Nobody passes generation g before every party arrived at g; everybody who
 * arrived at g passes g or gets {@link ZkBrokenBarrierException} for g (all-or-none: a generation
 * is decided exactly once, released or broken). A fast participant already in g+1 can never
 * release, block or confuse a slow one still in g. Arrival indexes within a generation are
 * distinct ({@code parties-1} for the first, 0 for the last), also when a reply was lost and the
 * arrival retried. No coordinator: the last arrival's own write is the release.
 *
 * <p><b>Cost.</b> A waiter makes two requests (its arrival transaction and one exists-watch),
 * is woken exactly once, and reads nothing after the notification; the last arrival makes one
 * request and is not woken. The first arrival of a generation also creates a slot two
 * generations ahead, and the last one collects an old one, both in the background.
 *
 * <p><b>Identity.</b> Every handle has a participant id, unique per barrier: by default {@code
 * host-pid-counter} (a fresh one for every {@link Builder#build()}), or explicit with {@link
 * Builder#participantId}. A restricted barrier ({@link Builder#members}) counts only its members;
 * a non-member cannot build a handle.
 *
 * <p><b>Failure model</b> (as CyclicBarrier's). If a waiter times out or is interrupted, it breaks
 * the generation (unless it was already released, in which case its call succeeds) and throws
 * {@link TimeoutException} / {@link InterruptedException}; every other waiter of that generation
 * gets {@link ZkBrokenBarrierException} promptly. If a participant's session expires or its JVM
 * dies (SIGKILL), its liveness node disappears and one surviving member breaks the undecided
 * generations within the session timeout, or the next generation if none is undecided, so the
 * survivors' next call fails instead of waiting for a party that is gone (in parties mode as with
 * a member list); with {@link Builder#presence(String)} this also holds
 * for a member that dies before it ever joined this barrier. A member that {@link #close()
 * closes} its restricted handle while others wait breaks it too. An interrupt before this handle
 * arrived throws without breaking anything. The barrier stays broken: later calls throw {@link
 * ZkBrokenBarrierException} until some participant calls {@link #reset()}. Connection loss is not
 * failure: the wait survives a server restart or a switch to another ensemble member, and
 * arrivals are idempotent (never duplicated or lost). If the barrier's nodes are tampered with
 * (deleted, garbage written into the configuration), every waiter ends with {@link
 * ZkBrokenBarrierException} naming what it found, within about a session timeout.
 *
 * <p><b>Sessions.</b> A handle built with {@link #builder(ZooKeeper, String)} stays on that
 * session: after its expiry a waiter gets {@link ZkBrokenBarrierException} with reason {@code
 * "session expired"}, and so does every later call. A handle built with {@link #builderOn} on a
 * provider that replaces sessions (a Curator client, through {@code CuratorBarriers}) also breaks
 * the generation it had arrived at with reason {@code "session expired"} when its session is
 * lost (the provider's {@link ZkConnectionState#LOST}, or an expiry), and then re-joins on the
 * provider's new session at its next call, like a restarted member; {@link
 * ZkConnectionState#SUSPENDED} is not failure, and {@link ZkConnectionState#RECONNECTED} makes a
 * waiter re-check what it waits on.
 *
 * <p><b>Memory consistency effects.</b> Actions in a participant prior to calling {@code await()}
 * <i>happen-before</i> the actions of any other participant following its successful return from
 * the corresponding {@code await()}, when the participants communicate through ZooKeeper (whose
 * writes are linearizable and whose notifications are delivered in order): the last arrival's
 * write follows every arrival, and every waiter returns only after seeing it. Within one JVM the
 * same holds between threads.
 *
 * <p><b>Implementation limits.</b> Generations are numbered in the data version of {@code
 * <path>/gen}, an {@code int}: at most 2<sup>31</sup>-1 generations per barrier (2<sup>30</sup>
 * rounds of a double barrier). Parties are limited by ZooKeeper's sequential-name counter (the
 * int child version of a generation node): far beyond any practical N. With an open ACL anyone
 * who can write the barrier's nodes can forge a release; use {@link Builder#digest}.
 *
 * <p><b>Threads.</b> A handle is single-owner: one thread at a time may call {@code await},
 * {@code reset} or {@code destroy} (a concurrent call throws {@link IllegalStateException});
 * {@link #stats()}, {@link #generation()}, {@link #isBroken()} and {@link #close()} may be called
 * from any thread. Use one handle per thread (any number of handles per JVM and per ZooKeeper
 * session).
 *
 * <pre>{@code
 * try (ZkBarrier barrier = ZkBarrier.builder(zk, "/app/barriers/step")
 *         .members(List.of("p1", "p2", "p3"))
 *         .participantId("p2")
 *         .build()) {
 *     for (int round = 0; round < 10; round++) {
 *         compute(round);
 *         int index = barrier.await(30, TimeUnit.SECONDS);  // 0 for the last to arrive
 *     }
 * }
 * }</pre>
 */
public final class ZkBarrier implements AutoCloseable {

    private final BarrierProtocol core;

    private ZkBarrier(BarrierSpec spec) {
        this.core = new BarrierProtocol(spec);
    }

    /**
     * A builder for a barrier at {@code path} (an absolute znode path; missing parents are created
     * with an open ACL, the barrier's own nodes with the builder's ACL).
     *
     * @throws IllegalArgumentException if the path is not a valid barrier path
     */
    public static Builder builder(ZooKeeper zk, String path) {
        Objects.requireNonNull(zk, "zk");
        return builderOn(ZkClientProvider.of(zk), path);
    }

    /**
     * A builder for a barrier at {@code path} whose handles take their session from {@code
     * provider} (for example a Curator client, through {@code CuratorBarriers}). A handle joins
     * with the provider's current session and, after that session is lost, re-joins on the next
     * one like a restarted member (see the failure model).
     *
     * @throws IllegalArgumentException if the path is not a valid barrier path
     */
    public static Builder builderOn(ZkClientProvider provider, String path) {
        return new Builder(new BarrierSpec.Draft(provider, path, BarrierSpec.Kind.SIMPLE));
    }

    /**
     * The path of the persistent record that participant {@code id}'s presence node existed in
     * presence directory {@code dir} ({@code <dir>/+<id>}); see {@link Builder#presence(String)}
     * for who creates it and why a participant should create it together with its presence node.
     *
     * @throws IllegalArgumentException if the directory or the id is not valid
     */
    public static String presenceRecord(String dir, String id) {
        BarrierSpec.validatePath(Objects.requireNonNull(dir, "dir"), "presence directory");
        BarrierSpec.validateId(Objects.requireNonNull(id, "id"), "participant id");
        return dir + "/" + PresenceWatch.RECORD + id;
    }

    /**
     * The transaction that announces participant {@code id} in presence directory {@code dir}
     * (see {@link Builder#presence(String)}); run it with {@code zk.multi(...)} before the
     * participant's first barrier call. Its ops, in this order:
     *
     * <ul>
     *   <li>create {@code <dir>/<id>} with {@code data}, {@link CreateMode#EPHEMERAL}: the
     *       presence node;
     *   <li>first start ({@code restart == false}): create {@link #presenceRecord presenceRecord(dir,
     *       id)}, empty, {@link CreateMode#PERSISTENT}: the record that the node existed;
     *   <li>restart ({@code restart == true}, i.e. {@code presenceRecord(dir, id)} exists): create
     *       {@code presenceRecord(dir, id) + "+"}, empty, {@link CreateMode#PERSISTENT_SEQUENTIAL}:
     *       the record of this incarnation. A survivor's listing shows it even if the restarted
     *       member's node came and went before the survivor looked, so its death is judged again.
     * </ul>
     *
     * A first start that fails with {@code NodeExists} is a restart: delete the old incarnation's
     * node if it is still there (its session may not have expired yet) and run the restart's
     * transaction (or the first start's again, if only the node was there). A restart whose
     * transaction was applied just before a connection loss and is run again leaves one extra
     * incarnation record, which is harmless.
     *
     * <pre>{@code
     * try {
     *     zk.multi(ZkBarrier.presenceAnnouncement(dir, id, data, acl, false));
     * } catch (KeeperException.NodeExistsException e) {
     *     try { zk.delete(dir + "/" + id, -1); } catch (KeeperException.NoNodeException gone) { }
     *     boolean restart = zk.exists(ZkBarrier.presenceRecord(dir, id), false) != null;
     *     zk.multi(ZkBarrier.presenceAnnouncement(dir, id, data, acl, restart));
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if the directory or the id is not valid, or the ACL is empty
     */
    public static List<Op> presenceAnnouncement(String dir, String id, byte[] data, List<ACL> acl, boolean restart) {
        String record = presenceRecord(dir, id);
        Objects.requireNonNull(data, "data");
        if (Objects.requireNonNull(acl, "acl").isEmpty()) {
            throw new IllegalArgumentException("acl must not be empty");
        }
        return List.of(
                Op.create(dir + "/" + id, data, acl, CreateMode.EPHEMERAL),
                restart
                        ? Op.create(record + PresenceWatch.RECORD, new byte[0], acl, CreateMode.PERSISTENT_SEQUENTIAL)
                        : Op.create(record, new byte[0], acl, CreateMode.PERSISTENT));
    }

    /** Builds a {@link ZkBarrier}; validates everything in {@link #build()}. */
    public static final class Builder {
        private final BarrierSpec.Draft draft;

        Builder(BarrierSpec.Draft draft) {
            this.draft = draft;
        }

        /** Number of parties (any participant ids may take part); at least 1. */
        public Builder parties(int n) {
            draft.parties(n);
            return this;
        }

        /** Restricts the barrier to these member ids; parties becomes {@code ids.size()}. */
        public Builder members(Collection<String> ids) {
            draft.members(ids);
            return this;
        }

        /** This handle's participant id (default: unique per handle, host-pid-counter). */
        public Builder participantId(String id) {
            draft.participantId(id);
            return this;
        }

        /** Receives this handle's events (see {@link BarrierListener} for when). */
        public Builder listener(BarrierListener l) {
            draft.listener(l);
            return this;
        }

        /**
         * ACL of the barrier's znodes (default: open). Missing parents of the path are created
         * open, since groups with their own credentials often share a parent; create them first
         * with your ACL if outsiders must not create nodes beside the barrier.
         */
        public Builder acl(List<ACL> acl) {
            draft.acl(acl);
            return this;
        }

        /**
         * Protects the barrier with a digest ACL for {@code user:password} and adds those
         * credentials to the ZooKeeper session, so only holders of the group's credentials can
         * join or tamper with it.
         */
        public Builder digest(String user, String password) {
            draft.digest(user, password);
            return this;
        }

        /**
         * Names a shared presence directory (for example a run's {@code participants/}), in which
         * every participant process keeps one ephemeral node named by its participant id, created
         * before its first barrier call. The handle watches it (one child watch per ZooKeeper
         * session and directory, shared by every barrier handle of that session), so a member
         * whose presence node is known to have existed and is gone now is dead for every barrier,
         * including barriers it never joined: the undecided generations break and every survivor
         * gets {@link ZkBrokenBarrierException} with reason {@code "<id> died"}. "Known to have
         * existed" is durable: whoever lists the directory and finds {@code <id>} there creates a
         * persistent record {@code +<id>} beside it, and a handle lists (and records) before its
         * first arrival, so the judgement does not depend on when a survivor first looked. A
         * member whose node nobody has seen yet (a slow starter) is not judged.
         *
         * <p><b>The rule for applications:</b> a participant creates its presence node and its
         * record in one transaction, before its first barrier call; otherwise a member that dies
         * after creating its node and before anybody listed the directory is never judged, and
         * untimed waits for it hang. On a restart the record exists already: create the node with
         * a record of the new incarnation instead; {@link ZkBarrier#presenceAnnouncement} builds
         * both transactions and shows how to tell them apart. A restarted member (same id, new
         * session) that dies again is then judged again, even if it dies before any survivor's
         * listing saw it back (within a round trip of its restart). One restarted with its node
         * alone (the rule before incarnation records) is judged again only once a listing has
         * seen it back.
         *
         * <pre>{@code
         * zk.multi(ZkBarrier.presenceAnnouncement(dir, id, data, acl, false)); // first start
         * }</pre>
         *
         * Only restricted barriers ({@code members(...)}) use the directory; the application
         * creates and owns it, and it must live as long as one run of the group and no longer:
         * records of an earlier run would judge a member of this run dead until it has created
         * its node (the launcher's directory is inside the run's own namespace).
         *
         * @param dir an absolute znode path
         * @throws IllegalArgumentException if the path is not valid
         */
        public Builder presence(String dir) {
            draft.presence(dir);
            return this;
        }

        /**
         * Validates and creates the handle. No ZooKeeper request is made yet; the configuration is
         * agreed on the first {@code await}.
         *
         * @throws IllegalArgumentException on invalid or inconsistent settings, naming the value
         */
        public ZkBarrier build() {
            return new ZkBarrier(draft.build());
        }

        Builder outer(ZkDoubleBarrier outer) {
            draft.outer(outer);
            return this;
        }
    }

    /**
     * Waits until all parties have arrived at the current generation.
     *
     * <p>If this handle is not the last to arrive, the calling thread lies dormant until one of
     * these happens: the last party arrives; another party times out, is interrupted, dies (its
     * session expires, or it leaves the presence directory) or resets the barrier; this handle's
     * session expires; or the barrier's nodes are found deleted or altered (checked once per
     * session timeout of quiet waiting).
     *
     * @return the arrival index: {@code parties() - 1} for the first to arrive, 0 for the last
     * @throws ZkBrokenBarrierException if the generation was broken before or while waiting, the
     *     barrier's nodes were tampered with, or this handle's session expired
     * @throws InterruptedException if interrupted while waiting (the generation is then broken)
     * @throws KeeperException on a ZooKeeper error other than connection loss (e.g. no
     *     authorization)
     * @throws IllegalArgumentException if the barrier exists with a different configuration
     * @throws IllegalStateException if the handle is closed, in use by another thread, or a nested
     *     barrier is used outside its outer double barrier
     */
    public int await() throws InterruptedException, KeeperException, ZkBrokenBarrierException {
        try {
            return doAwait(Deadline.none());
        } catch (TimeoutException e) {
            throw new IllegalStateException("untimed await timed out", e);
        }
    }

    /**
     * As {@link #await()}, giving up after the timeout. The call returns within the timeout plus
     * one round trip to ZooKeeper (the break transaction; two reads more if somebody else decided
     * the generation first); while ZooKeeper is unreachable, within the timeout plus one session
     * timeout.
     *
     * @throws TimeoutException if the timeout elapsed first; the generation is then broken for
     *     every other waiter (unless it had been released, in which case the call returns the index)
     */
    public int await(long timeout, TimeUnit unit)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return doAwait(Deadline.in(timeout, unit));
    }

    private int doAwait(Deadline d)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        ZkDoubleBarrier outer = core.spec.outer;
        if (outer != null) {
            outer.requireInside(core.path());
        }
        return core.cross(0, d, BarrierEvent.Kind.ARRIVE, BarrierEvent.Kind.PASS);
    }

    /** The generation of the last {@code await} (or the current one before the first). */
    public long generation() {
        return core.generation();
    }

    /** Whether this handle's last {@code await} found the generation broken (until a reset). */
    public boolean isBroken() {
        return core.isBroken();
    }

    /**
     * Breaks the current generation (its waiters get {@link ZkBrokenBarrierException}) unless it
     * is already decided, and starts a fresh one. Safe to call from several participants at once.
     */
    public void reset() throws KeeperException, InterruptedException {
        core.reset();
    }

    /** Closes this handle and removes the barrier's whole subtree. Call when nobody uses it. */
    public void destroy() throws KeeperException, InterruptedException {
        core.destroy();
    }

    public String path() {
        return core.path();
    }

    public String participantId() {
        return core.participantId();
    }

    public int parties() {
        return core.spec.parties;
    }

    /** The member ids of a restricted barrier, or an empty list. */
    public List<String> members() {
        return core.spec.members == null ? List.of() : core.spec.members;
    }

    /** Cumulative counters of this handle. */
    public BarrierStats stats() {
        return core.stats();
    }

    /**
     * Leaves the barrier gracefully: replaces this handle's liveness node by a tombstone and
     * removes its watches. Idempotent. If others are already waiting at the current generation, it
     * breaks (this member will not come); otherwise nothing breaks.
     */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "ZkBarrier[" + core.path() + ", " + core.participantId() + ", parties=" + core.spec.parties + "]";
    }
}
