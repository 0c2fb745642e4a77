package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The critical path of each step, apart from background work: the requests a waiter's thread and
 * the releaser's thread issued and waited for, and the bytes those returned. Issue 10 asks for at
 * most 2 requests per waiter and 0 bytes read on the release path; the totals of {@link BenchRow}
 * also count what runs in the background (creating slots ahead, garbage collection, the liveness
 * ring), which nobody waits for.
 *
 * <pre>{@code
 * List<CriticalPath> rows = CriticalPath.rows(results);
 * String md = CriticalPath.table(rows);
 * }</pre>
 *
 * @param waiterRequests requests per waiter per crossing that the waiter waited for
 * @param releaserRequests requests per crossing that the last participant to call waited for
 * @param callerBytesRead bytes per participant per crossing returned by requests somebody waited for
 * @param backgroundRequests requests per participant per crossing that nobody waited for
 */
record CriticalPath(
        String impl,
        String kind,
        int n,
        double waiterRequests,
        double releaserRequests,
        double callerBytesRead,
        double backgroundRequests) {

    /** One row per measured contender, N and step (await, enter, leave), in run order. */
    static List<CriticalPath> rows(BenchResults r) {
        List<CriticalPath> rows = new ArrayList<>();
        for (Measurement m : r.threads) {
            if (m.measuredRounds == 0) {
                continue;
            }
            for (Map.Entry<Contender.Step, Counts> e : m.waiterCost.entrySet()) {
                Counts releaser = m.releaserCost.get(e.getKey());
                if (releaser != null) {
                    rows.add(of(m, e.getKey(), e.getValue(), releaser));
                }
            }
        }
        return rows;
    }

    static CriticalPath of(Measurement m, Contender.Step step, Counts waiters, Counts releaser) {
        double rounds = m.measuredRounds;
        double crossings = rounds * m.n;
        Counts all = waiters.plus(releaser);
        return new CriticalPath(
                m.impl,
                step.name().toLowerCase(Locale.ROOT),
                m.n,
                waiters.callerRequests() / (rounds * (m.n - 1)),
                releaser.callerRequests() / rounds,
                all.callerBytesRead() / crossings,
                (all.requests() - all.callerRequests()) / crossings);
    }

    /** The markdown table of the rows. */
    static String table(List<CriticalPath> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Requests the participant's own thread issued and waited for (our library counts them itself;"
                + " for Curator and the tutorial, the synchronous requests), apart from background work that"
                + " nobody waits for. Per crossing.\n\n");
        md.append("| impl | step | N | requests/waiter on the path | requests of the releaser on the path"
                + " | bytes read on the path/participant | background requests/participant |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (CriticalPath c : rows) {
            md.append("| ")
                    .append(c.impl)
                    .append(" | ")
                    .append(c.kind)
                    .append(" | ")
                    .append(c.n)
                    .append(" | ")
                    .append(BenchRow.fmt(c.waiterRequests, 2))
                    .append(" | ")
                    .append(BenchRow.fmt(c.releaserRequests, 2))
                    .append(" | ")
                    .append(BenchRow.fmt(c.callerBytesRead, 1))
                    .append(" | ")
                    .append(BenchRow.fmt(c.backgroundRequests, 2))
                    .append(" |\n");
        }
        return md.toString();
    }
}
