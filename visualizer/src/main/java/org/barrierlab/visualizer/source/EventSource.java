package org.barrierlab.visualizer.source;

/**
 * Where the visualizer's events come from: a live run in ZooKeeper ({@link ZkEventSource}) or a
 * JSON-lines recording ({@link ReplaySource}). Live and replay are the same code path after
 * this point: both deliver {@link SourceBatch}es to one {@link Sink}, from their own thread.
 *
 * <pre>{@code
 * try (EventSource source = ReplaySource.instant(Path.of("run.jsonl"))) {
 *     source.start(batch -> funnel.offer(batch));
 * }
 * }</pre>
 */
public interface EventSource extends AutoCloseable {

    /** Receives batches; called from the source's thread, so it must not block. */
    @FunctionalInterface
    interface Sink {
        void accept(SourceBatch batch);
    }

    /** Starts delivering to {@code sink}. Callable once. */
    void start(Sink sink);

    /** A short description for the title bar, e.g. {@code live r-1 @ 127.0.0.1:2181}. */
    String describe();

    /** The controls this source supports (step, pause, speed, faults). */
    RunControl control();

    /** Stops delivering and releases resources; idempotent. */
    @Override
    void close();
}
