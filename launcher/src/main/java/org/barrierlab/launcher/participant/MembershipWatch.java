package org.barrierlab.launcher.participant;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * The participant's failure detector at the application level: it watches the run's presence
 * nodes ({@code participants/<id>}, ephemeral) with one persistent recursive watch and knows
 * which peers died, meaning their presence disappeared without being marked done first (a
 * participant that finishes normally sets {@code done} in its presence data before exiting).
 *
 * <p>Why the launcher needs it on top of barrier-lib's own detection: barrier-lib breaks a
 * generation when a member that has joined the barrier dies; a member that dies before it ever
 * touched a fresh barrier (a new single-use barrier per round, as in the {@code simple} story)
 * looks exactly like a slow one. So when a peer dies while this participant waits in a barrier
 * operation, the watcher interrupts the waiting thread (a signal, it never blocks), barrier-lib
 * breaks the generation for everyone, and the operation reports the barrier broken.
 *
 * <pre>{@code
 * MembershipWatch members = MembershipWatch.start(zk, run, Thread.currentThread());
 * members.markDone(zk, run, "p1");   // before a normal exit
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MembershipWatch {

    private final Thread owner;
    private final String self;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> dead = new HashSet<>();
    private boolean waiting;
    private boolean interruptIssued;
    private final String prefix;

    private MembershipWatch(RunLayout run, String self, Thread owner) {
        this.owner = owner;
        this.self = self;
        this.prefix = run.participants() + "/";
    }

    /** Starts watching the run's presence nodes on behalf of {@code owner} (the scenario's thread). */
    public static MembershipWatch start(ZooKeeper zk, RunLayout run, String self, Thread owner)
            throws KeeperException, InterruptedException {
        MembershipWatch w = new MembershipWatch(run, self, Objects.requireNonNull(owner, "owner"));
        zk.addWatch(run.participants(), w::process, AddWatchMode.PERSISTENT_RECURSIVE);
        for (String id : zk.getChildren(run.participants(), false)) {
            w.created(id);
        }
        return w;
    }

    /** Marks this participant done in its presence data, so its exit is not taken for a death. */
    public static void markDone(ZooKeeper zk, RunLayout run, String self, String presence)
            throws KeeperException, InterruptedException {
        zk.setData(run.participant(self), (presence + " done").getBytes(StandardCharsets.UTF_8), -1);
    }

    private void process(WatchedEvent e) {
        String path = e.getPath();
        if (path == null || !path.startsWith(prefix)) {
            return;
        }
        String id = path.substring(prefix.length());
        if (id.isEmpty() || id.contains("/")) {
            return;
        }
        switch (e.getType()) {
            case NodeCreated -> created(id);
            case NodeDataChanged -> {
                synchronized (this) {
                    done.add(id);
                }
            }
            case NodeDeleted -> deleted(id);
            default -> {
                // connection state changes are not membership changes
            }
        }
    }

    private synchronized void created(String id) {
        seen.add(id);
        done.remove(id);
        dead.remove(id);
    }

    private synchronized void deleted(String id) {
        if (id.equals(self) || !seen.contains(id) || done.contains(id)) {
            return;
        }
        dead.add(id);
        if (waiting && !interruptIssued) {
            interruptIssued = true;
            owner.interrupt();
        }
    }

    /** A dead peer among {@code members} (all peers if null), if any. */
    public synchronized Optional<String> deadAmong(Collection<String> members) {
        for (String d : dead) {
            if (members == null || members.contains(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Enters a barrier wait: from now on a death interrupts the owner thread.
     *
     * @return a dead member if one is already known (then the caller must not wait)
     */
    synchronized Optional<String> beginWait(Collection<String> members) {
        Optional<String> d = deadAmong(members);
        if (d.isEmpty()) {
            waiting = true;
        }
        return d;
    }

    /** Leaves the wait; clears an interrupt this watch issued (it has been acted upon or is moot). */
    synchronized boolean endWait() {
        waiting = false;
        boolean issued = interruptIssued;
        interruptIssued = false;
        if (issued) {
            Thread.interrupted();
        }
        return issued;
    }
}
