package org.barrierlab.barrier;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child watch per ZooKeeper session on a shared presence directory (e.g. a run's {@code
 * participants/}, one ephemeral node per participant id), shared by every barrier handle of that
 * session that names the directory.
 *
 * <p><b>Who is dead.</b> A member is dead when its presence node is known to have existed and is
 * gone now. "Known to have existed" must not depend on when this session first looked, or a
 * member that died before a survivor's first listing would be waited for forever. So presence is
 * recorded durably: whoever lists the directory and finds {@code <id>} present creates a
 * persistent record {@code +<id>} beside it ({@code +} cannot start a participant id), and a
 * handle's first listing, including the recording, completes before its first arrival. A member
 * that joins any barrier naming the directory therefore has its record before it arrives
 * anywhere; a member whose node nobody has listed yet (a slow starter) has no record and is not
 * judged. The one window left is a member that dies after creating its presence node and before
 * anybody listed it (then it never arrived anywhere); an application closes it by creating
 * {@code +<id>} itself in the transaction that creates {@code <id>}.
 *
 * <p><b>Incarnations.</b> A restarted member (same id, new session) finds {@code +<id>} there
 * and creates, in the transaction that creates its node, a persistent sequential record {@code
 * +<id>+NNNNNNNNNN} instead ({@link #RECORD} cannot occur in an id, so the name still splits into
 * id and incarnation). The newest record name of an id is its {@linkplain View#incarnation
 * incarnation}: a listing shows a new one even when the restarted member's node came and went
 * between two listings, so a survivor that judged the id dead once can tell "dead again" from
 * "the same death" without having seen the new node and without another read.
 *
 * <p>The watcher only schedules an asynchronous listing; subscribers get an immutable {@link
 * View} and do their work on their own threads.
 */
final class PresenceWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceWatch.class);

    /** Prefix of the persistent record that a member's presence node existed. */
    static final String RECORD = "+";

    /**
     * What a subscriber learns: who is present now, who is known to have been present, and the
     * newest incarnation record seen of each recorded id.
     */
    record View(Set<String> present, Set<String> everSeen, Map<String, String> incarnations) {
        boolean gone(String id) {
            return everSeen.contains(id) && !present.contains(id);
        }

        /**
         * The newest record name seen of the id ({@code +<id>}, or {@code +<id>+NNNNNNNNNN} after
         * a restart); empty if none was seen (its record could not be created). Names of one id
         * order as their incarnations: the plain record is a prefix of every sequential one, and
         * sequence numbers have a fixed width.
         */
        String incarnation(String id) {
            return incarnations.getOrDefault(id, "");
        }
    }

    private record Key(ZooKeeper zk, String dir) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.zk == zk && k.dir.equals(dir);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(zk) * 31 + dir.hashCode();
        }
    }

    private static final Map<Key, PresenceWatch> WATCHES = new ConcurrentHashMap<>();

    private final Key key;
    private final ZkCalls calls;
    private final List<ACL> acl;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> everSeen = ConcurrentHashMap.newKeySet();
    /** Newest record name seen per id; only grows (records are never deleted). */
    private final Map<String, String> incarnations = new ConcurrentHashMap<>();

    private final Watcher watcher;
    /** Set when the last subscriber left: nothing of this watch may be set on the server again. */
    private volatile boolean retired;

    private PresenceWatch(Key key, ZkCalls calls, List<ACL> acl) {
        this.key = key;
        this.calls = calls;
        this.acl = acl;
        this.watcher = event -> {
            switch (event.getType()) {
                case NodeChildrenChanged, NodeCreated, NodeDeleted, NodeDataChanged -> {
                    calls.countNotification();
                    list();
                }
                default -> {
                    // connection states, and our own removal at the last unsubscribe (a
                    // ChildWatchRemoved or, while the directory is missing, a DataWatchRemoved):
                    // not events; listing again would set the watch again
                }
            }
        };
    }

    /** A subscription; {@link #unsubscribe()} the last one removes the watch. */
    final class Subscription {
        private final Consumer<View> listener;

        private Subscription(Consumer<View> listener) {
            this.listener = listener;
        }

        void unsubscribe() {
            subscribers.remove(this);
            boolean last;
            synchronized (WATCHES) {
                last = subscribers.isEmpty() && WATCHES.remove(key, PresenceWatch.this);
            }
            if (last) {
                retired = true;
                calls.unwatch(key.zk, key.dir, watcher); // outside the lock: no ZooKeeper call under a lock
            }
        }
    }

    /**
     * Subscribes to the directory's views. Before returning, lists the directory (setting the
     * watch) and records every member present there (see the class comment), within the
     * deadline; the listener gets that view, and every later one, on the thread that produced it.
     */
    static Subscription subscribe(ZkCalls calls, String dir, List<ACL> acl, Deadline d, Consumer<View> listener)
            throws KeeperException, InterruptedException, TimeoutException {
        PresenceWatch w;
        synchronized (WATCHES) {
            ZooKeeper zk = calls.session();
            w = WATCHES.get(new Key(zk, dir));
            if (w == null) {
                w = new PresenceWatch(new Key(zk, dir), calls, acl);
                WATCHES.put(w.key, w);
                calls.watching(dir);
            }
        }
        Subscription s = w.new Subscription(listener);
        w.subscribers.add(s);
        try {
            w.listNow(d);
        } catch (KeeperException | InterruptedException | TimeoutException | RuntimeException e) {
            s.unsubscribe();
            throw e;
        }
        return s;
    }

    /**
     * The synchronous listing of a new subscriber (every subscriber makes one, so none depends on
     * a listing another handle has in flight); missing records are created before it returns.
     */
    private void listNow(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = calls.childrenWatch(d, key.dir, watcher);
        if (kids == null) {
            publish(Set.of(), Map.of());
            calls.existsWatchAsync(key.dir, watcher, (rc, p, ctx, stat) -> {
                if (retired) {
                    clearLateWatch();
                } else if (rc == KeeperException.Code.OK.intValue()) {
                    list(); // created meanwhile
                }
            });
            return;
        }
        Set<String> present = new HashSet<>();
        Map<String, String> recorded = new HashMap<>();
        split(kids, present, recorded);
        for (String id : present) {
            if (!recorded.containsKey(id)) {
                try {
                    calls.create(d, record(id), new byte[0], acl, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                    // recorded by someone else meanwhile, or the directory was removed
                } catch (KeeperException.NoAuthException e) {
                    LOG.warn(
                            "cannot record presence in {} (no permission): deaths before a first listing are"
                                    + " not seen",
                            key.dir);
                }
                recorded.put(id, RECORD + id);
            }
        }
        publish(present, recorded);
    }

    /** A listing after a notification; records new members in the background. */
    private void list() {
        if (retired) {
            return;
        }
        calls.childrenWatchAsync(key.dir, watcher, (rc, p, ctx, kids) -> {
            if (retired) {
                clearLateWatch(); // the listing was in flight when the last subscriber left
                return;
            }
            if (rc == KeeperException.Code.NONODE.intValue()) {
                publish(Set.of(), Map.of());
                // list again once the directory is created (or at once, if it just was)
                calls.existsWatchAsync(key.dir, watcher, (rc2, p2, ctx2, stat) -> {
                    if (retired) {
                        clearLateWatch();
                    } else if (rc2 == KeeperException.Code.OK.intValue()) {
                        list();
                    }
                });
            } else if (rc == KeeperException.Code.OK.intValue()) {
                Set<String> present = new HashSet<>();
                Map<String, String> recorded = new HashMap<>();
                split(kids, present, recorded);
                for (String id : present) {
                    if (!recorded.containsKey(id)) {
                        calls.createAsync(record(id), acl, CreateMode.PERSISTENT);
                    }
                }
                publish(present, recorded);
            } else if (rc == KeeperException.Code.CONNECTIONLOSS.intValue()) {
                list();
            }
        });
    }

    /**
     * A watching request of this (retired) watch was answered after the last subscriber removed
     * the watch, so the server holds it again: remove it, unless a new watch of the same session
     * and directory has started meanwhile (it shares the server's watch).
     */
    private void clearLateWatch() {
        if (!WATCHES.containsKey(key)) {
            calls.unwatchAsync(key.zk, key.dir, watcher);
        }
    }

    private String record(String id) {
        return key.dir + "/" + RECORD + id;
    }

    /** Sorts a listing into presence nodes and, per recorded id, its newest record name. */
    private static void split(List<String> kids, Set<String> present, Map<String, String> recorded) {
        for (String k : kids) {
            if (k.startsWith(RECORD)) {
                int end = k.indexOf(RECORD, RECORD.length());
                String id = k.substring(RECORD.length(), end < 0 ? k.length() : end);
                recorded.merge(id, k, PresenceWatch::newer);
            } else {
                present.add(k);
            }
        }
    }

    private static String newer(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private synchronized void publish(Set<String> present, Map<String, String> recorded) {
        everSeen.addAll(present);
        everSeen.addAll(recorded.keySet());
        recorded.forEach((id, name) -> incarnations.merge(id, name, PresenceWatch::newer));
        View v = new View(Set.copyOf(present), Set.copyOf(everSeen), Map.copyOf(incarnations));
        for (Subscription s : subscribers) {
            s.listener.accept(v);
        }
    }
}
