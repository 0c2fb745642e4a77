package org.barrierlab.grade;

import java.util.List;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * What crossing a barrier cost one participant on average in a check: ZooKeeper requests and
 * watch notifications (wake-ups) of the implementation's session during the call, per completed
 * call ({@code pass}, {@code entered}, {@code left}).
 *
 * @param crossings completed calls counted
 * @param requestsPerCrossing mean requests per completed call
 * @param wakeupsPerCrossing mean notifications per completed call
 */
public record Costs(int crossings, double requestsPerCrossing, double wakeupsPerCrossing) {

    public static final Costs NONE = new Costs(0, 0, 0);

    /** The costs recorded in a history's completion events. */
    public static Costs of(List<TraceEvent> history) {
        int n = 0;
        long requests = 0;
        long wakeups = 0;
        for (TraceEvent e : history) {
            if ((e.is(EventType.PASS) || e.is(EventType.ENTERED) || e.is(EventType.LEFT))
                    && e.attr("requests") != null) {
                n++;
                requests += Long.parseLong(e.attr("requests"));
                wakeups += Long.parseLong(e.attr("wakeups"));
            }
        }
        return n == 0 ? NONE : new Costs(n, (double) requests / n, (double) wakeups / n);
    }
}
