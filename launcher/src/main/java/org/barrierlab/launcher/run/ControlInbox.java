package org.barrierlab.launcher.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.control.ControlCommand;
import org.barrierlab.runmodel.layout.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of a run's control channel ({@code control/}): commands written by
 * processes that do not own the run (a visualizer attached with {@code --zk}) are executed in
 * order and deleted. A command that cannot be executed is refused with a warning; it never
 * stops the run. At most once: a command whose deletion was cut off by a connection loss (a
 * killed server) is deleted on the next drain, not executed again. See docs/znode-layout.md
 * ("Control").
 *
 * <p>Used by the run's monitor thread only.
 */
final class ControlInbox {

    private static final Logger LOG = LoggerFactory.getLogger(ControlInbox.class);

    /** Executes one command (the run's own API). */
    @FunctionalInterface
    interface Executor {
        void execute(ControlCommand command) throws KeeperException, InterruptedException, IOException;
    }

    private final ZooKeeper zk;
    private final RunLayout layout;
    private final Executor executor;
    private String lastTaken = ""; // sequential names only grow

    ControlInbox(ZooKeeper zk, RunLayout layout, Executor executor) {
        this.zk = zk;
        this.layout = layout;
        this.executor = executor;
    }

    /** Executes and deletes every pending command, oldest first. */
    void drain() throws KeeperException, InterruptedException {
        List<String> children = new ArrayList<>(zk.getChildren(layout.control(), false));
        Collections.sort(children);
        for (String child : children) {
            String path = layout.control() + "/" + child;
            if (child.compareTo(lastTaken) <= 0) {
                deleteQuietly(path);
                continue;
            }
            String line;
            try {
                line = new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            lastTaken = child;
            try {
                executor.execute(ControlCommand.parse(line));
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                LOG.warn("Control command '{}' refused: {}", line.trim(), e.getMessage());
            }
            deleteQuietly(path);
        }
    }

    private void deleteQuietly(String path) throws KeeperException, InterruptedException {
        try {
            zk.delete(path, -1);
        } catch (KeeperException.NoNodeException e) {
            // deleted by someone else
        }
    }
}
