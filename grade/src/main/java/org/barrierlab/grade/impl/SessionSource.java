package org.barrierlab.grade.impl;

import java.io.IOException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper handle that can open further sessions observed the same way (counted, with the same
 * injected faults). The grader's participant hands such a handle to implementations; one that
 * needs its own client (Curator) asks it for one, so its costs are still counted.
 */
public interface SessionSource {

    /** A new session to the same ensemble, observed like this one. */
    ZooKeeper openSession(int sessionTimeoutMillis, Watcher watcher, boolean canBeReadOnly) throws IOException;
}
