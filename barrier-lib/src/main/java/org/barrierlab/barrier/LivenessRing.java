package org.barrierlab.barrier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle's one standing watch: a child watch on {@code <path>/live}, whose children are the
 * joined handles' ephemeral liveness nodes ({@code <id>}), graceful-close tombstones ({@code
 * ~<id>}) and break marks ({@code !<slot>}). From each listing it learns three things:
 *
 * <ul>
 *   <li><b>breaks</b>: a break mark names a broken slot; a waiter at that slot is woken (this is
 *       how a break reaches waiters without a second watch per wait);
 *   <li><b>deaths</b>: an id that disappeared without a tombstone died; exactly one survivor, its
 *       nearest live predecessor in sorted order, breaks the undecided slots ("p2 died");
 *   <li><b>graceful leaves</b>: an id replaced by its tombstone left; in a restricted barrier its
 *       predecessor breaks a slot somebody already waits at.
 * </ul>
 *
 * Optionally a {@link PresenceWatch} adds deaths of members that never joined this barrier.
 * Everything runs on the ring's own thread: the watcher only schedules a listing.
 */
final class LivenessRing {

    private static final Logger LOG = LoggerFactory.getLogger(LivenessRing.class);

    /** What the ring asks of the protocol. Called on the ring thread. */
    interface Owner {
        /** Break every undecided slot (after a death), or only those somebody waits at. */
        void breakUndecided(String reason, boolean onlyIfWaiting);

        /** The ring learnt something a waiter may care about (a break mark, a problem). */
        void ringChanged();
    }

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    private final Owner owner;
    private final String id;
    private final ExecutorService thread;
    private final Watcher watcher;
    private final Set<Long> brokenSlots = ConcurrentHashMap.newKeySet();
    private volatile String problem;
    private volatile boolean closed;
    /** Last listing of live ids, sorted; written only by the ring thread. */
    private volatile List<String> lastLive = List.of();
    /** Tombstones of the last listing (graceful closes); touched only by the ring thread. */
    private Set<String> lastTombstones = Set.of();
    /**
     * Ids of the presence directory reported gone and not seen back since, each with the
     * incarnation (newest record name, {@link PresenceWatch.View#incarnation}) that was judged;
     * touched only by the ring thread. An id present again leaves the map, and a newer
     * incarnation than the judged one is judged again even if no listing saw it present (it
     * restarted and died between two listings), so every death of a restarted member is judged.
     */
    private final Map<String, String> reportedGone = new HashMap<>();

    private PresenceWatch.Subscription presence;
    /** The session the ring watches on (a re-join after an expiry starts a new ring). */
    private volatile org.apache.zookeeper.ZooKeeper session;

    LivenessRing(ZkCalls calls, SlotNames names, BarrierSpec spec, Owner owner) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.owner = owner;
        this.id = spec.participantId;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "barrier-liveness-" + id);
            t.setDaemon(true);
            return t;
        });
        this.watcher = event -> {
            switch (event.getType()) {
                case NodeChildrenChanged, NodeDeleted, NodeCreated, NodeDataChanged -> {
                    calls.countNotification();
                    submit(this::relist);
                }
                default -> {
                    // connection state and our own removal at close: not events
                }
            }
        };
    }

    /**
     * Starts watching. The presence directory (if any) is listed before this returns, so a member
     * known to have been present and gone now is judged even if it died before this handle looked.
     */
    void start(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        session = calls.watching(names.live);
        submit(this::relist);
        if (spec.presence != null && spec.restricted()) { // open membership judges nobody
            presence = PresenceWatch.subscribe(
                    calls, spec.presence, spec.acl, d, view -> submit(() -> presenceChanged(view)));
        }
    }

    /** Whether a break mark for slot s has been seen. */
    boolean brokenSeen(long s) {
        return brokenSlots.contains(s);
    }

    /** A problem with the barrier itself the ring found (e.g. its live directory deleted), or null. */
    String problem() {
        return problem;
    }

    /** Runs a task on the ring thread (ignored once closed). */
    /**
     * The ids whose liveness nodes the last listing found (sorted, immutable): in parties mode,
     * the names of the arrival markers a plainly released slot most likely holds.
     */
    List<String> liveIds() {
        return lastLive;
    }

    void submit(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    void close() {
        closed = true;
        thread.shutdownNow();
        if (presence != null) {
            presence.unsubscribe();
        }
        org.apache.zookeeper.ZooKeeper s = session;
        if (s != null) {
            calls.unwatch(s, names.live, watcher);
        }
    }

    private void relist() {
        if (closed) {
            return;
        }
        List<String> now;
        try {
            now = calls.childrenWatch(Deadline.none(), names.live, watcher);
        } catch (KeeperException e) {
            LOG.debug("{}: liveness listing stopped: {}", id, e.code());
            return;
        } catch (InterruptedException | TimeoutException e) {
            return; // closing
        }
        if (now == null) {
            problem = names.live + " was deleted: the barrier was removed by someone";
            owner.ringChanged();
            return;
        }
        Set<String> tombstones = new HashSet<>();
        List<String> ids = new ArrayList<>();
        boolean marks = false;
        for (String name : now) {
            if (name.startsWith("~")) {
                tombstones.add(name.substring(1));
            } else if (name.startsWith("!")) {
                long s = names.slotOfMark(name);
                if (s >= 0 && brokenSlots.add(s)) {
                    marks = true;
                }
            } else {
                ids.add(name);
            }
        }
        if (marks) {
            owner.ringChanged();
        }
        ids.sort(null);
        lastTombstones = tombstones;
        List<String> before = lastLive;
        lastLive = List.copyOf(ids);
        if (before.isEmpty() || !ids.contains(id)) {
            return;
        }
        Set<String> alive = new HashSet<>(ids);
        for (int i = 0; i < before.size(); i++) {
            String gone = before.get(i);
            if (alive.contains(gone) || !id.equals(predecessor(before, i, alive))) {
                continue;
            }
            boolean left = tombstones.contains(gone);
            if (left && !spec.restricted()) {
                continue; // open membership: another handle may still complete the generation
            }
            owner.breakUndecided(gone + (left ? " left" : " died"), left);
        }
    }

    /** The nearest live predecessor (cyclically) of the i-th id of the previous listing. */
    private static String predecessor(List<String> before, int i, Set<String> alive) {
        for (int k = 1; k < before.size(); k++) {
            String cand = before.get(Math.floorMod(i - k, before.size()));
            if (alive.contains(cand)) {
                return cand;
            }
        }
        return null;
    }

    /**
     * The presence directory changed: a member known to have been there and gone now died,
     * whether or not it ever joined this barrier (a member that closed this barrier gracefully
     * left instead). Every survivor's ring tries to break; the first break wins, the others find
     * the slots decided. A member is judged once per incarnation: one seen present again (restarted
     * with the same id), or absent with a newer incarnation record than the one judged (restarted
     * and dead again between two listings), is judged again. The view comes from the listing
     * itself: no request here.
     */
    private void presenceChanged(PresenceWatch.View view) {
        if (!spec.restricted()) {
            return; // open membership: any handle may complete a generation
        }
        reportedGone.keySet().removeAll(view.present());
        for (String m : spec.members) {
            if (m.equals(id) || !view.gone(m)) {
                continue;
            }
            String incarnation = view.incarnation(m);
            if (incarnation.equals(reportedGone.put(m, incarnation))) {
                continue; // the death of this incarnation was judged already
            }
            boolean left = lastTombstones.contains(m);
            owner.breakUndecided(m + (left ? " left" : " died"), left);
        }
    }
}
