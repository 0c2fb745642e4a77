package org.barrierlab.barrier;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * A reusable distributed double barrier: {@link #enter()} blocks until all parties are inside,
 * {@link #leave()} blocks until all parties have left; then the next round may start at once.
 * Round r is two crossings of the same engine as {@link ZkBarrier} (enter slot, leave slot), so it
 * has the same guarantees: all-or-none per phase, reuse-safe, exactly one wake-up per wait, the
 * CyclicBarrier failure model (timeout, interrupt, death, reset break the phase for everyone),
 * the same memory consistency effects (actions before {@code enter()}/{@code leave()}
 * happen-before the actions after every other participant's return from the same call) and the
 * same costs per phase. A reset while members are inside breaks their {@code leave()}.
 *
 * <p><b>Parties mode with more handles than parties.</b> As with CyclicBarrier, a handle beyond
 * the party count does not count for a full phase: a surplus {@code enter()} waits for the next
 * round's enter (never lands in a leave phase). Which handles pair up is decided by arrival
 * order, so a handle may wait several rounds.
 *
 * <p><b>Implementation limits.</b> At most 2<sup>30</sup> rounds per barrier (two generations of
 * the engine per round, numbered in an {@code int} version).
 *
 * <p><b>Nesting.</b> While inside, a participant may use inner barriers created with {@link
 * #innerBarrier(String)} and {@link #innerDoubleBarrier(String)}, at {@code <path>/inner/<name>}
 * (the visualizer derives scopes from that prefix). Their members default to this barrier's and
 * must be a subset of them. Using an inner barrier while not inside the outer, or calling {@link
 * #leave()} while inside an inner double barrier, throws {@link IllegalStateException}; an inner
 * double barrier that is left, reset or closed no longer holds its outer barrier.
 *
 * <p><b>Threads.</b> Single-owner, like {@link ZkBarrier}.
 *
 * <pre>{@code
 * try (ZkDoubleBarrier outer = ZkDoubleBarrier.builder(zk, "/app/barriers/phase")
 *         .members(List.of("p1", "p2", "p3")).participantId("p1").build();
 *      ZkBarrier step = outer.innerBarrier("step").members(List.of("p1", "p2")).build()) {
 *     outer.enter();
 *     step.await();            // only p1 and p2 meet here
 *     outer.leave();
 * }
 * }</pre>
 */
public final class ZkDoubleBarrier implements AutoCloseable {

    private final BarrierProtocol core;
    private volatile boolean inside;
    private final Set<ZkDoubleBarrier> innersInside = ConcurrentHashMap.newKeySet();

    private ZkDoubleBarrier(BarrierSpec spec) {
        this.core = new BarrierProtocol(spec);
    }

    /** A builder for a double barrier at {@code path}; see {@link ZkBarrier#builder}. */
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
        return new Builder(new BarrierSpec.Draft(provider, path, BarrierSpec.Kind.DOUBLE));
    }

    /** Builds a {@link ZkDoubleBarrier}; same options as {@link ZkBarrier.Builder}. */
    public static final class Builder {
        private final BarrierSpec.Draft draft;

        Builder(BarrierSpec.Draft draft) {
            this.draft = draft;
        }

        public Builder parties(int n) {
            draft.parties(n);
            return this;
        }

        public Builder members(Collection<String> ids) {
            draft.members(ids);
            return this;
        }

        public Builder participantId(String id) {
            draft.participantId(id);
            return this;
        }

        public Builder listener(BarrierListener l) {
            draft.listener(l);
            return this;
        }

        /** As {@link ZkBarrier.Builder#acl(List)}: the barrier's znodes; missing parents stay open. */
        public Builder acl(List<ACL> acl) {
            draft.acl(acl);
            return this;
        }

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

        /** @throws IllegalArgumentException on invalid or inconsistent settings, naming the value */
        public ZkDoubleBarrier build() {
            return new ZkDoubleBarrier(draft.build());
        }

        Builder outer(ZkDoubleBarrier outer) {
            draft.outer(outer);
            return this;
        }
    }

    BarrierSpec spec() {
        return core.spec;
    }

    /** A builder for a nested simple barrier at {@code <path>/inner/<name>}, preset to this handle. */
    public ZkBarrier.Builder innerBarrier(String name) {
        ZkBarrier.Builder b = ZkBarrier.builderOn(core.spec.provider, innerPath(name));
        preset(b::participantId, b::listener, b::acl);
        if (core.spec.members != null) {
            b.members(core.spec.members);
        } else {
            b.parties(core.spec.parties);
        }
        return b.outer(this);
    }

    /** A builder for a nested double barrier at {@code <path>/inner/<name>}, preset to this handle. */
    public Builder innerDoubleBarrier(String name) {
        Builder b = builderOn(core.spec.provider, innerPath(name));
        preset(b::participantId, b::listener, b::acl);
        if (core.spec.members != null) {
            b.members(core.spec.members);
        } else {
            b.parties(core.spec.parties);
        }
        return b.outer(this);
    }

    private void preset(
            java.util.function.Consumer<String> id,
            java.util.function.Consumer<BarrierListener> listener,
            java.util.function.Consumer<List<ACL>> acl) {
        id.accept(core.spec.participantId);
        listener.accept(core.spec.listener);
        acl.accept(core.spec.acl);
    }

    private String innerPath(String name) {
        Objects.requireNonNull(name, "name");
        BarrierSpec.validateId(name, "inner barrier name");
        return core.path() + "/inner/" + name;
    }

    void requireInside(String innerPath) {
        if (!inside) {
            throw new IllegalStateException("nested barrier " + innerPath + " may be used only while "
                    + core.participantId() + " is inside " + core.path());
        }
    }

    /**
     * Waits until all parties have entered the current round. The calling thread lies dormant
     * until the last party enters, or until the phase breaks (see {@link ZkBarrier#await()} for
     * everything that breaks it).
     *
     * @return the arrival index (0 for the last to enter)
     * @throws IllegalStateException if this handle is already inside
     * @throws ZkBrokenBarrierException as {@link ZkBarrier#await()}
     * @throws InterruptedException as {@link ZkBarrier#await()}
     * @throws KeeperException as {@link ZkBarrier#await()}
     */
    public int enter() throws InterruptedException, KeeperException, ZkBrokenBarrierException {
        try {
            return doEnter(Deadline.none());
        } catch (TimeoutException e) {
            throw new IllegalStateException("untimed enter timed out", e);
        }
    }

    /** As {@link #enter()} with a timeout; see {@link ZkBarrier#await(long, TimeUnit)}. */
    public int enter(long timeout, TimeUnit unit)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return doEnter(Deadline.in(timeout, unit));
    }

    private int doEnter(Deadline d)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        if (inside) {
            throw new IllegalStateException(
                    core.participantId() + " is already inside " + core.path() + "; call leave() first");
        }
        ZkDoubleBarrier outer = core.spec.outer;
        if (outer != null) {
            outer.requireInside(core.path());
        }
        int index = core.cross(0, d, BarrierEvent.Kind.ENTER, BarrierEvent.Kind.ENTERED);
        inside = true;
        if (outer != null) {
            outer.innersInside.add(this);
        }
        return index;
    }

    /**
     * Waits until all parties have left the current round. Whatever the outcome, this handle is
     * outside afterwards.
     *
     * @return the arrival index (0 for the last to leave)
     * @throws IllegalStateException if this handle is not inside, or is inside an inner double
     *     barrier
     */
    public int leave() throws InterruptedException, KeeperException, ZkBrokenBarrierException {
        try {
            return doLeave(Deadline.none());
        } catch (TimeoutException e) {
            throw new IllegalStateException("untimed leave timed out", e);
        }
    }

    /** As {@link #leave()} with a timeout. */
    public int leave(long timeout, TimeUnit unit)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return doLeave(Deadline.in(timeout, unit));
    }

    private int doLeave(Deadline d)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        if (!inside) {
            throw new IllegalStateException(
                    core.participantId() + " is not inside " + core.path() + "; call enter() first");
        }
        if (!innersInside.isEmpty()) {
            throw new IllegalStateException(
                    core.participantId() + " cannot leave " + core.path() + " while inside the inner double barrier "
                            + innersInside.iterator().next().path());
        }
        try {
            return core.cross(1, d, BarrierEvent.Kind.LEAVE, BarrierEvent.Kind.LEFT);
        } finally {
            markOutside();
        }
    }

    /** This handle is outside now (left, reset or closed): its outer barrier may be left again. */
    private void markOutside() {
        inside = false;
        ZkDoubleBarrier outer = core.spec.outer;
        if (outer != null) {
            outer.innersInside.remove(this);
        }
    }

    /** Whether this handle has entered and not yet left. */
    public boolean isInside() {
        return inside;
    }

    /** The round of the last enter/leave (or the current one before the first). */
    public long generation() {
        return core.generation();
    }

    public boolean isBroken() {
        return core.isBroken();
    }

    /** Breaks the current phase if undecided and starts a fresh round (its enter phase). */
    public void reset() throws KeeperException, InterruptedException {
        core.reset();
        markOutside();
    }

    /** Closes this handle and removes the barrier's whole subtree (including inner barriers). */
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

    public List<String> members() {
        return core.spec.members == null ? List.of() : core.spec.members;
    }

    public BarrierStats stats() {
        return core.stats();
    }

    /** Leaves the barrier's liveness ring and releases watches. Idempotent. */
    @Override
    public void close() {
        core.close();
        markOutside();
    }

    @Override
    public String toString() {
        return "ZkDoubleBarrier[" + core.path() + ", " + core.participantId() + ", parties=" + core.spec.parties + "]";
    }
}
