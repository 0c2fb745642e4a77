package org.barrierlab.barrier;

/**
 * Receives the events of one barrier handle; the launcher records them as trace events.
 *
 * <p>Contract: the listener is called synchronously in the thread that called the barrier
 * operation. {@code ARRIVE}, {@code ENTER} and {@code LEAVE} are delivered after the generation is
 * known and before the arrival is written to ZooKeeper; {@code PASS}, {@code ENTERED} and {@code
 * LEFT} after the wait has returned; {@code BROKEN} when the call fails because the generation
 * broke; {@code BREAK} when this handle broke the generation; {@code RESET} after {@link
 * ZkBarrier#reset()}. The one exception: a {@code BREAK} caused by the handle's liveness ring
 * (it saw another member die) is delivered on the handle's internal liveness thread, since no
 * caller is involved. A listener must not call the same handle. An exception thrown by the
 * listener propagates to the caller of the barrier operation.
 *
 * <pre>{@code
 * ZkBarrier b = ZkBarrier.builder(zk, "/app/barriers/all").parties(3)
 *         .listener(e -> log.info("{} gen {} index {}", e.kind(), e.generation(), e.index()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface BarrierListener {

    /** Called for each event of the handle (see the class comment for when). */
    void onEvent(BarrierEvent e);
}
