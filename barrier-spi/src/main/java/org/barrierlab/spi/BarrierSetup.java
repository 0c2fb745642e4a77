package org.barrierlab.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.zookeeper.ZooKeeper;

/**
 * Everything a barrier implementation is given to build one participant's handle: the ZooKeeper
 * session (or its connect string, for an implementation that opens its own client), the
 * barrier's path, the party count and, for a restricted barrier, the member list, the
 * participant's id and, for a nested barrier, the outer double barrier. Immutable.
 *
 * <p>Use {@link #zooKeeper()} if you can: the grader counts the requests and watch notifications
 * of that session per crossing, and injects its faults (a lost reply) there. An implementation
 * that opens its own client from {@link #connectString()} is graded the same, but its costs are
 * reported as unknown.
 *
 * <pre>{@code
 * BarrierSetup s = new BarrierSetup(zk, "127.0.0.1:2181", "/runs/r1/barriers/stroke", 3,
 *         List.of(), "p2", null);
 * }</pre>
 *
 * @param zooKeeper this participant's ZooKeeper session, connected
 * @param connectString the ensemble's connect string
 * @param path the barrier's absolute znode path (its parent exists; the path itself may not)
 * @param parties number of parties: the member count of a restricted barrier
 * @param members the members' participant ids for a restricted barrier, empty for a barrier of
 *     any {@code parties} participants
 * @param participantId this participant's id, unique in the run (letters, digits, '-', '_', '.')
 * @param outerBarrier the outer double barrier of a nested barrier (a handle this provider made,
 *     already entered), or null
 */
public record BarrierSetup(
        ZooKeeper zooKeeper,
        String connectString,
        String path,
        int parties,
        List<String> members,
        String participantId,
        DoubleBarrier outerBarrier) {

    public BarrierSetup {
        Objects.requireNonNull(zooKeeper, "zooKeeper");
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(participantId, "participantId");
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must be an absolute znode path, was '" + path + "'");
        }
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, was " + parties);
        }
        if (!members.isEmpty() && members.size() != parties) {
            throw new IllegalArgumentException(
                    "parties must equal the member count " + members.size() + ", was " + parties);
        }
    }

    /** True if the barrier is restricted to {@link #members()}. */
    public boolean restricted() {
        return !members.isEmpty();
    }

    /** The outer double barrier of a nested barrier. */
    public Optional<DoubleBarrier> outer() {
        return Optional.ofNullable(outerBarrier);
    }

    /** The last segment of {@link #path()}: the barrier's name. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
