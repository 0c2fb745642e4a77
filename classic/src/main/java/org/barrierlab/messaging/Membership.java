package org.barrierlab.messaging;

import java.util.Map;
import org.apache.zookeeper.KeeperException;

/**
 * Who is alive, as the failure detector of the classic algorithms: each live participant
 * incarnation holds an ephemeral presence node (ZooKeeper: {@code <run>/algo/members/<pid>},
 * data its incarnation), which disappears when its session dies. Used by the mutex coordinator
 * to notice a dead holder, and by the scenarios to know when every live participant is done.
 *
 * <pre>{@code
 * membership.onChange(wakeUp::release);       // only signals
 * Map<String, String> live = membership.live(); // re-reads and re-arms the watch
 * }</pre>
 */
public interface Membership {

    /**
     * The live participants and their incarnation tokens; also re-arms the change watch.
     *
     * @throws KeeperException on ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    Map<String, String> live() throws KeeperException, InterruptedException;

    /**
     * Registers a callback run (on a watcher or network thread) when membership may have
     * changed. It must only signal; call {@link #live()} from the owning thread to re-read.
     */
    void onChange(Runnable signal);
}
