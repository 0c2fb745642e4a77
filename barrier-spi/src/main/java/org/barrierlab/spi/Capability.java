package org.barrierlab.spi;

/**
 * What a barrier implementation claims beyond a one-shot barrier of a fixed number of parties.
 * {@code barrierlab grade} runs the checks of a capability only when it is claimed (otherwise
 * they are reported UNSUPPORTED), and fails the grade if a claimed capability does not hold.
 * Claim honestly: an unclaimed capability costs nothing, a false claim is a FAIL.
 */
public enum Capability {
    /**
     * The same barrier (same path, same handle) can be crossed again and again, like {@code
     * CyclicBarrier} or {@code pthread_barrier_wait}: course phase 3.
     */
    REUSABLE,
    /**
     * The barrier can be restricted to a named subgroup of the processes ({@link
     * BarrierSetup#members()}), and several such barriers can run side by side: course phase 4.
     */
    RESTRICTED,
    /**
     * Barriers can be nested in an outer double barrier ({@link BarrierSetup#outer()}): processes
     * inside the outer barrier pass inner barriers: course phase 5.
     */
    NESTED
}
