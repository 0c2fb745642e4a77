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

    private BenchTargets() {}

    /**
     * The targets section of {@code results.md}.
     *
     * @param members whether our barriers had a member list (only then is the read path expected
     *     to read nothing at all: in parties mode the background collection lists an old slot)
     */
    static String judge(List<BenchRow> rows, boolean members) {
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
        line(
                md,
                "Requests per participant per crossing <= 2 + 2/N (2 per waiter; the releaser's arrival and"
                        + " the first arrival's background work spread over N)",
                requests(ours));
        if (members) {
            line(md, "0 bytes read per participant (member list)", bytes(ours));
        } else {
            md.append("- 0 bytes read: not judged in parties mode, where the background collection lists an"
                    + " old slot (see bytes read above); run with `--members`.\n");
        }
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

    private static List<String> requests(List<BenchRow> ours) {
        List<String> misses = new ArrayList<>();
        for (BenchRow r : ours) {
            Double q = r.requestsPerParticipant();
            if (q == null) {
                continue;
            }
            // enter+leave is two crossings: its row counts both
            double perCrossing = r.kind().equals("enter+leave") ? q / 2 : q;
            if (perCrossing > 2 + 2.0 / r.n() + 0.005) {
                misses.add(r.kind() + " N=" + r.n() + ": " + fmt(perCrossing));
            }
        }
        return misses;
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
