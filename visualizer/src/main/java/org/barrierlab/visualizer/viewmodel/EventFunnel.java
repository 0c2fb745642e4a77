package org.barrierlab.visualizer.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.barrierlab.visualizer.source.SourceBatch;

/**
 * The ONE hand-over from event sources (their own threads) to the FX thread. Sources {@link
 * #offer} immutable batches from any thread; the FX thread {@link #drain drains} everything
 * queued once per pulse and applies it to the view model in one go, so a burst of events costs
 * one layout pass, not one per event.
 *
 * <pre>{@code
 * EventFunnel funnel = new EventFunnel();
 * source.start(funnel::offer);
 * // on each FX pulse:
 * viewModel.accept(funnel.drain());
 * }</pre>
 */
public final class EventFunnel {

    private final ConcurrentLinkedQueue<SourceBatch> queue = new ConcurrentLinkedQueue<>();

    /** Queues a batch; thread-safe, never blocks. */
    public void offer(SourceBatch batch) {
        queue.add(batch);
    }

    /** Everything queued so far, oldest first (empty if nothing). */
    public List<SourceBatch> drain() {
        List<SourceBatch> out = new ArrayList<>();
        SourceBatch b;
        while ((b = queue.poll()) != null) {
            out.add(b);
        }
        return out;
    }

    /** True if nothing is queued. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
