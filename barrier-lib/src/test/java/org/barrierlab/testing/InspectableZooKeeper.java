package org.barrierlab.testing;

import java.io.IOException;
import java.util.List;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper client whose registered watches can be inspected, to assert that no watch outlives
 * a wait.
 *
 * <pre>{@code
 * InspectableZooKeeper zk = (InspectableZooKeeper) sessions.open();
 * assertEquals(List.of(), zk.existWatches());
 * }</pre>
 */
public final class InspectableZooKeeper extends ZooKeeper {

    public InspectableZooKeeper(String connectString, int sessionTimeout, Watcher watcher) throws IOException {
        super(connectString, sessionTimeout, watcher);
    }

    /** Paths with a data watch (getData, or exists on an existing node). */
    public List<String> dataWatches() {
        return getDataWatches();
    }

    /** Paths with an exists watch on a missing node. */
    public List<String> existWatches() {
        return getExistWatches();
    }

    /** Paths with a child watch. */
    public List<String> childWatches() {
        return getChildWatches();
    }
}
