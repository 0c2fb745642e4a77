package org.barrierlab.grade;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * What crossing a barrier cost in a check: ZooKeeper requests and watch notifications (wake-ups)
 * of the implementation's session during the call, counted per completed call ({@code pass},
 * {@code entered}, {@code left}), except those of generation {@link #WARM_UP}.
 *
 * <p>Wake-ups per waiter: when N participants complete one call of one barrier generation, N - 1
 * of them had to wait for the last; the notifications of all N calls divided by those N - 1 is 1.0
 * for a barrier that wakes each waiting participant exactly once (and nobody else), more for one
 * that wakes waiters at every arrival (the tutorial's {@code getChildren} watch).
 *
 * @param crossings completed calls counted
 * @param requestsPerCrossing mean requests per completed call
 * @param wakeupsPerCrossing mean notifications per completed call
 * @param wakeupsPerWaiter notifications per participant that had to wait (see above); 0 if none
 */
public record Costs(int crossings, double requestsPerCrossing, double wakeupsPerCrossing, double wakeupsPerWaiter) {

    public static final Costs NONE = new Costs(0, 0, 0, 0);

    /** The generation of a schedule's unmeasured crossings (the sweep's warm-up round). */
    public static final long WARM_UP = 0;

    /** The costs recorded in a history's completion events. */
    public static Costs of(List<TraceEvent> history) {
        int n = 0;
        long requests = 0;
        long wakeups = 0;
        Map<String, Integer> completedTogether = new HashMap<>();
        for (TraceEvent e : history) {
            boolean completed = e.is(EventType.PASS) || e.is(EventType.ENTERED) || e.is(EventType.LEFT);
            if (completed && e.attr("requests") != null && e.generation() != WARM_UP) {
                n++;
                requests += Long.parseLong(e.attr("requests"));
                wakeups += Long.parseLong(e.attr("wakeups"));
                completedTogether.merge(e.type() + " " + e.scope() + "#" + e.generation(), 1, Integer::sum);
            }
        }
        if (n == 0) {
            return NONE;
        }
        int waiters = 0;
        for (int together : completedTogether.values()) {
            waiters += together - 1;
        }
        return new Costs(n, (double) requests / n, (double) wakeups / n, waiters == 0 ? 0 : (double) wakeups / waiters);
    }
}
