package org.barrierlab.visualizer.source;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * What an {@link EventSource} hands over at once: new trace events in zxid order and, for a
 * live source, the current set of present participants. Immutable.
 *
 * <pre>{@code
 * sink.accept(new SourceBatch(events, Optional.of(present), System.nanoTime()));
 * }</pre>
 *
 * @param events new events, ordered by zxid
 * @param presence participant ids whose presence node exists, if this source knows presence
 * @param receivedNanos {@link System#nanoTime()} when the source read the batch (for latency)
 */
public record SourceBatch(List<TraceEvent> events, Optional<Set<String>> presence, long receivedNanos) {

    public SourceBatch {
        events = List.copyOf(events);
        presence = presence.map(Set::copyOf);
    }

    /** A batch of events only. */
    public static SourceBatch of(List<TraceEvent> events) {
        return new SourceBatch(events, Optional.empty(), System.nanoTime());
    }
}
