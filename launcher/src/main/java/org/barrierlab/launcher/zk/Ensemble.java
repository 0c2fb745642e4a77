package org.barrierlab.launcher.zk;

import java.util.List;
import java.util.Optional;

/**
 * ZooKeeper servers this launcher started and controls: in this JVM ({@link EmbeddedZooKeeper})
 * or one per node of a lab cluster ({@code cluster.RemoteEnsemble}). Server faults ({@code --kill-server})
 * act through this interface, so a demo kills a leader the same way on both.
 */
public interface Ensemble extends AutoCloseable {

    /** The client connect string, as the participants must use it. */
    String connectString();

    /** Server ids, 1..N. */
    List<Integer> serverIds();

    /** True unless the server was killed and not restarted. */
    boolean isAlive(int id);

    /**
     * Stops server {@code id} abruptly (SIGKILL for a server on a node).
     *
     * @throws IllegalArgumentException if there is no such server
     * @throws IllegalStateException if it is already dead
     */
    void kill(int id);

    /**
     * Starts a killed server again with its data, on the same ports.
     *
     * @throws IllegalStateException if it is alive
     */
    void restart(int id);

    /** The id of the current leader (or of the standalone server), if one answers. */
    Optional<Integer> leaderId();

    /** Stops every server and removes their data. Idempotent. */
    @Override
    void close();
}
