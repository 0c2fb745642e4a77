package org.barrierlab.spi;

import java.util.Set;
import org.apache.zookeeper.KeeperException;

/**
 * A group's barrier implementation as {@code barrierlab grade} loads it: a factory of simple and
 * double barriers plus the capabilities it claims. Found with {@link java.util.ServiceLoader}:
 * the group's jar names its class in {@code
 * META-INF/services/org.barrierlab.spi.BarrierProvider} and gives it a public no-argument
 * constructor. Every participant JVM of a graded run creates one provider and asks it for the
 * barriers its script uses.
 *
 * <pre>{@code
 * public final class GroupBarriers implements BarrierProvider {
 *     public String name() { return "group-7"; }
 *     public Set<Capability> capabilities() { return EnumSet.of(Capability.REUSABLE); }
 *     public SimpleBarrier simpleBarrier(BarrierSetup s) throws KeeperException, InterruptedException {
 *         Barrier b = new Barrier(s.zooKeeper(), s.path(), s.parties(), s.participantId());
 *         return (timeout, unit) -> b.barrierWait(timeout, unit);
 *     }
 *     public DoubleBarrier doubleBarrier(BarrierSetup s) { ... }
 * }
 * }</pre>
 */
public interface BarrierProvider {

    /** A short name for reports, e.g. {@code group-7}. */
    String name();

    /** The capabilities claimed; checks of unclaimed ones are reported UNSUPPORTED. */
    Set<Capability> capabilities();

    /**
     * A simple barrier for one participant. Called once per participant and barrier; a reusable
     * barrier's handle is then used for every round.
     *
     * @throws KeeperException if setting the barrier up in ZooKeeper fails
     * @throws InterruptedException if interrupted while setting it up
     * @throws UnsupportedOperationException if the setup asks for something not claimed (members
     *     without {@link Capability#RESTRICTED}, an outer barrier without {@link Capability#NESTED})
     */
    SimpleBarrier simpleBarrier(BarrierSetup setup) throws KeeperException, InterruptedException;

    /**
     * A double barrier for one participant.
     *
     * @throws KeeperException if setting the barrier up in ZooKeeper fails
     * @throws InterruptedException if interrupted while setting it up
     * @throws UnsupportedOperationException as for {@link #simpleBarrier}
     */
    DoubleBarrier doubleBarrier(BarrierSetup setup) throws KeeperException, InterruptedException;
}
