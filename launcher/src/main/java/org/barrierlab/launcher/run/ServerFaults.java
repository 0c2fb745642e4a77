package org.barrierlab.launcher.run;

/**
 * What a run may do to the ZooKeeper servers its launcher started ({@code demo --ensemble 3},
 * locally or on the nodes of a lab cluster): kill one, or restart a killed one. Handed to
 * {@link Run#controlServers} by whoever owns the servers, so that a presenter can kill the
 * leader from the visualizer (control commands {@code kill-server} and {@code
 * restart-server}) the same way {@code --kill-server 2@5s} does.
 *
 * <pre>{@code
 * run.controlServers(cluster);          // a DemoCluster that started an ensemble
 * run.killServer("leader");             // "ZooKeeper server 2 (the leader) killed; new leader: server 3"
 * }</pre>
 */
public interface ServerFaults {

    /**
     * Kills server {@code target} (an id, or {@code leader}) and waits (bounded) for a new
     * leader.
     *
     * @return one line saying what was done, for the presenter
     * @throws IllegalArgumentException if there is no such server
     * @throws IllegalStateException if it is dead already or no leader answers
     */
    String kill(String target);

    /**
     * Starts killed server {@code id} again with its data.
     *
     * @return one line saying what was done
     * @throws IllegalArgumentException if there is no such server
     * @throws IllegalStateException if it is alive
     */
    String restart(int id);
}
