package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges one run against the acceptance targets of barrier-lib v2 (issue 10): each target is
 * printed as met or missed, with every N that misses it, so a reader of {@code results.md} never
 * has to compare the tables by eye.
 */
final class BenchTargets {

    /** Release latency, median, at most this many times the floor's. */
    static final double LATENCY_OVER_FLOOR = 1.2;
    /** Back-to-back enter+leave crossings per second, at least this many times Curator's. */
    static final double THROUGHPUT_OVER_CURATOR = 1.5;
    /** Requests a waiter waits for per crossing, at most (issue 10: its arrival and its one watch). */
    static final double REQUESTS_PER_WAITER = 2;

    private BenchTargets() {}

    /**
     * The targets section of {@code results.md}.
     *
     * @param path the critical path of every step (requests and bytes somebody waited for)
     * @param members whether our barriers had a member list (only then is nothing read at all,
     *     background included: in parties mode the background collection lists an old slot)
     */
    static String judge(List<BenchRow> rows, List<CriticalPath> path, boolean members) {
        List<BenchRow> ours =
                rows.stream().filter(r -> r.impl().equals("barrierlab")).toList();
        if (ours.stream().allMatch(r -> r.latencyMedianMs() == null)) {
            return "Our library was not measured in this run (see the notes); no target can be judged.\n";
        }
        StringBuilder md = new StringBuilder();
        line(
                md,
                "Release latency (median) <= " + LATENCY_OVER_FLOOR + "x the floor for await, enter and leave",
                latency(rows, ours));
        line(md, "enter+leave throughput >= " + THROUGHPUT_OVER_CURATOR + "x Curator's", throughput(rows, ours));
        line(md, "Wake-ups per waiter exactly 1 (await, enter, leave)", wakeups(ours));
        List<CriticalPath> ourPath =
                path.stream().filter(c -> c.impl().equals("barrierlab")).toList();
        line(
                md,
                "At most " + fmt(REQUESTS_PER_WAITER) + " requests per waiter on the critical path (its arrival and"
                        + " its one watch; background work counted apart)",
                waiterRequests(ourPath));
        line(md, "0 bytes read on the critical path", pathBytes(ourPath));
        if (members) {
            line(md, "0 bytes read per participant, background included (member list)", bytes(ours));
        } else {
            md.append("- 0 bytes read, background included: not judged in parties mode, where the background"
                    + " collection lists an old slot (see bytes read above); run with `--members`.\n");
        }
        md.append("- Background requests per participant per crossing (not a target; nobody waits for them): ")
                .append(range(ourPath))
                .append(".\n");
        return md.toString();
    }

    private static void line(StringBuilder md, String target, List<String> misses) {
        md.append("- ").append(target).append(": ");
        md.append(misses.isEmpty() ? "**met** at every N." : "**missed**: " + String.join("; ", misses));
        md.append('\n');
    }

    private static List<String> latency(List<BenchRow> rows, List<BenchRow> ours) {
        List<String> misses = new ArrayList<>();
        for (BenchRow r : ours) {
            if (r.kind().equals("enter+leave") || r.latencyMedianMs() == null) {
                continue;
            }
            Optional<Double> floor = find(rows, "floor", "await", r.n()).map(BenchRow::latencyMedianMs);
            if (floor.isPresent() && floor.get() != null && floor.get() > 0) {
                double x = r.latencyMedianMs() / floor.get();
                if (x > LATENCY_OVER_FLOOR) {
                    misses.add(r.kind() + " N=" + r.n() + ": " + fmt(x) + "x");
                }
            }
        }
        return misses;
    }

    private static List<String> throughput(List<BenchRow> rows, List<BenchRow> ours) {
        List<String> misses = new ArrayList<>();
        for (BenchRow r : ours) {
            if (!r.kind().equals("enter+leave") || r.throughputPerS() == null) {
                continue;
            }
            Optional<Double> cur = find(rows, "curator", "enter+leave", r.n()).map(BenchRow::throughputPerS);
            if (cur.isPresent() && cur.get() != null && cur.get() > 0) {
                double x = r.throughputPerS() / cur.get();
                if (x < THROUGHPUT_OVER_CURATOR) {
                    misses.add("N=" + r.n() + ": " + fmt(x) + "x");
                }
            }
        }
        return misses;
    }

    private static List<String> wakeups(List<BenchRow> ours) {
        List<String> misses = new ArrayList<>();
        for (BenchRow r : ours) {
            Double w = r.wakeupsPerWaiter();
            if (!r.kind().equals("enter+leave") && w != null && Math.abs(w - 1.0) > 0.005) {
                misses.add(r.kind() + " N=" + r.n() + ": " + fmt(w));
            }
        }
        return misses;
    }

    private static List<String> waiterRequests(List<CriticalPath> ours) {
        List<String> misses = new ArrayList<>();
        for (CriticalPath c : ours) {
            if (c.waiterRequests() > REQUESTS_PER_WAITER + 0.005) {
                misses.add(c.kind() + " N=" + c.n() + ": " + fmt(c.waiterRequests()));
            }
        }
        return misses;
    }

    private static List<String> pathBytes(List<CriticalPath> ours) {
        List<String> misses = new ArrayList<>();
        for (CriticalPath c : ours) {
            if (c.callerBytesRead() > 0) {
                misses.add(c.kind() + " N=" + c.n() + ": " + BenchRow.fmt(c.callerBytesRead(), 1));
            }
        }
        return misses;
    }

    private static String range(List<CriticalPath> ours) {
        return ours.isEmpty()
                ? "not measured"
                : fmt(ours.stream()
                                .mapToDouble(CriticalPath::backgroundRequests)
                                .min()
                                .orElse(0)) + " to "
                        + fmt(ours.stream()
                                .mapToDouble(CriticalPath::backgroundRequests)
                                .max()
                                .orElse(0));
    }

    private static List<String> bytes(List<BenchRow> ours) {
        List<String> misses = new ArrayList<>();
        for (BenchRow r : ours) {
            Double b = r.bytesReadPerParticipant();
            if (b != null && b > 0) {
                misses.add(r.kind() + " N=" + r.n() + ": " + BenchRow.fmt(b, 1));
            }
        }
        return misses;
    }

    private static Optional<BenchRow> find(List<BenchRow> rows, String impl, String kind, int n) {
        return rows.stream()
                .filter(r -> r.impl().equals(impl) && r.kind().equals(kind) && r.n() == n)
                .findFirst();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
