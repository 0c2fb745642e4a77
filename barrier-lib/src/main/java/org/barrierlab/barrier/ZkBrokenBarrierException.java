package org.barrierlab.barrier;

import java.util.concurrent.BrokenBarrierException;

/**
 * Thrown when a barrier operation fails because its generation is broken: another participant
 * timed out, was interrupted, died (session expiry, SIGKILL), left, or {@code reset()} the barrier
 * while this one waited; or this handle's own session expired. Like {@link
 * java.util.concurrent.CyclicBarrier}, the barrier stays broken for later calls until someone
 * calls {@code reset()}.
 *
 * <pre>{@code
 * try {
 *     barrier.await(10, TimeUnit.SECONDS);
 * } catch (ZkBrokenBarrierException e) {
 *     log.warn("generation {} broken by {}: {}", e.generation(), e.brokenBy(), e.reason());
 * }
 * }</pre>
 */
public class ZkBrokenBarrierException extends BrokenBarrierException {

    private static final long serialVersionUID = 1L;

    private final String barrierPath;
    private final long generation;
    private final String reason;
    private final String brokenBy;

    /**
     * @param barrierPath the barrier's path
     * @param generation the broken generation (round for double barriers)
     * @param brokenBy the participant id that broke it (empty if unknown)
     * @param reason why (e.g. {@code "timeout"}, {@code "p2 died"}, {@code "reset"})
     */
    public ZkBrokenBarrierException(String barrierPath, long generation, String brokenBy, String reason) {
        super("barrier " + barrierPath + " generation " + generation + " is broken"
                + (brokenBy.isEmpty() ? "" : " by " + brokenBy) + ": " + reason);
        this.barrierPath = barrierPath;
        this.generation = generation;
        this.reason = reason;
        this.brokenBy = brokenBy;
    }

    /** The same exception with a cause attached. */
    ZkBrokenBarrierException withCause(Throwable cause) {
        initCause(cause);
        return this;
    }

    public String barrierPath() {
        return barrierPath;
    }

    public long generation() {
        return generation;
    }

    public String reason() {
        return reason;
    }

    public String brokenBy() {
        return brokenBy;
    }
}
