package org.barrierlab.messaging;

import java.util.ArrayList;
import java.util.List;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/** Test event sink: one shared total order (fake zxids), like the events of a ZooKeeper run. */
public final class ListSink implements EventSink {
    private final List<TraceEvent> events = new ArrayList<>();
    private long zxid;

    @Override
    public synchronized void record(TraceEvent event) {
        events.add(event.withZxid(++zxid));
    }

    /** Records a launcher lifecycle event for a participant (spawn, kill, exit). */
    public void launcher(EventType type, String participant) {
        record(TraceEvent.of("launcher", type, "", -1).with("participant", participant));
    }

    public synchronized List<TraceEvent> events() {
        return List.copyOf(events);
    }

    public synchronized long count(EventType type) {
        return events.stream().filter(e -> e.is(type)).count();
    }
}
