package org.barrierlab.barrier;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One child watch per ZooKeeper session on a shared presence directory (e.g. a run's {@code
 * participants/}, one ephemeral node per participant id), shared by every barrier handle of that
 * session that names the directory. A member that this session has seen in the directory and
 * that is gone now is dead for every barrier, including barriers it never joined.
 *
 * <p>The watcher only schedules an asynchronous listing; subscribers get an immutable {@link
 * View} and do their work on their own threads.
 */
final class PresenceWatch {

    /** What a subscriber learns: who is present now, and who was seen and is gone. */
    record View(Set<String> present, Set<String> everSeen) {
        boolean gone(String id) {
            return everSeen.contains(id) && !present.contains(id);
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
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> everSeen = ConcurrentHashMap.newKeySet();
    private volatile View view;
    private final Watcher watcher;

    private PresenceWatch(Key key, ZkCalls calls) {
        this.key = key;
        this.calls = calls;
        this.watcher = event -> {
            if (event.getType() != Watcher.Event.EventType.None
                    && event.getType() != Watcher.Event.EventType.ChildWatchRemoved) {
                calls.countNotification();
                list();
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
                calls.unwatch(key.zk, key.dir, watcher); // outside the lock: no ZooKeeper call under a lock
            }
        }
    }

    static Subscription subscribe(ZkCalls calls, String dir, Consumer<View> listener) {
        PresenceWatch w;
        boolean fresh = false;
        synchronized (WATCHES) {
            ZooKeeper zk = calls.session();
            w = WATCHES.get(new Key(zk, dir));
            if (w == null) {
                w = new PresenceWatch(new Key(zk, dir), calls);
                WATCHES.put(w.key, w);
                calls.watching(dir);
                fresh = true;
            }
        }
        Subscription s = w.new Subscription(listener);
        w.subscribers.add(s);
        if (fresh) {
            w.list();
        } else if (w.view != null) {
            listener.accept(w.view);
        }
        return s;
    }

    private void list() {
        calls.childrenWatchAsync(key.dir, watcher, (rc, p, ctx, kids) -> {
            if (rc == KeeperException.Code.NONODE.intValue()) {
                publish(Set.of());
                // list again once the directory is created (or at once, if it just was)
                calls.existsWatchAsync(key.dir, watcher, (rc2, p2, ctx2, stat) -> {
                    if (rc2 == KeeperException.Code.OK.intValue()) {
                        list();
                    }
                });
            } else if (rc == KeeperException.Code.OK.intValue()) {
                publish(new HashSet<>(kids));
            } else if (rc == KeeperException.Code.CONNECTIONLOSS.intValue()) {
                list();
            }
        });
    }

    private void publish(Set<String> present) {
        everSeen.addAll(present);
        View v = new View(Set.copyOf(present), Set.copyOf(everSeen));
        view = v;
        for (Subscription s : subscribers) {
            s.listener.accept(v);
        }
    }
}
