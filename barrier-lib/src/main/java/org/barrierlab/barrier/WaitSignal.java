package org.barrierlab.barrier;

import java.util.concurrent.Semaphore;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * The one watch of one wait, and the semaphore its thread blocks on. The watcher only signals:
 * it never blocks and never calls ZooKeeper. Other wake-up sources (the liveness ring seeing a
 * break mark, a closed handle) release the same semaphore through {@link #poke()}.
 */
final class WaitSignal implements Watcher {

    final Semaphore semaphore = new Semaphore(0);
    private final ZkCalls calls;
    /** The watched node was created (the release). */
    volatile boolean fired;
    /** The session ended (expired, closed, auth failed): the wait cannot succeed any more. */
    volatile boolean terminal;
    /** The watch was removed under the wait (another waiter of this session cleared it): re-arm. */
    volatile boolean lost;

    WaitSignal(ZkCalls calls) {
        this.calls = calls;
    }

    @Override
    public void process(WatchedEvent event) {
        switch (event.getType()) {
            case None -> {
                Event.KeeperState st = event.getState();
                if (st == Event.KeeperState.Expired
                        || st == Event.KeeperState.Closed
                        || st == Event.KeeperState.AuthFailed) {
                    terminal = true;
                    semaphore.release();
                }
                // disconnect/reconnect: the client re-registers the watch; not an event
            }
            case DataWatchRemoved, ChildWatchRemoved, PersistentWatchRemoved -> {
                if (!fired) {
                    lost = true;
                    semaphore.release();
                }
            }
            case NodeCreated -> {
                calls.countNotification();
                fired = true;
                semaphore.release();
            }
            default -> {
                calls.countNotification();
                semaphore.release(); // not expected on a wait's watch: re-check
            }
        }
    }

    /** The provider reported the session lost: the wait ends as on an expiry. */
    void expire() {
        terminal = true;
        semaphore.release();
    }

    /** The provider reported a reconnection: re-arm the watch, which re-reads the release node. */
    void recheck() {
        lost = true;
        semaphore.release();
    }

    /** Wakes the waiting thread to re-check (a break seen by the ring, a closed handle). */
    void poke() {
        semaphore.release();
    }
}
