package org.barrierlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns {@link BenchResults} into the benchmark's outputs: {@code results.csv} (the exact
 * header of issue 7), {@code results.md} (machine, table, ratios, targets, the separate-JVM check,
 * notes) and PNG plots drawn headless with XChart.
 *
 * <pre>{@code
 * String markdown = BenchReport.write(results, Path.of("docs/bench"));
 * }</pre>
 */
public final class BenchReport {

    /** The plots written next to the CSV. */
    public static final List<String> PLOTS =
            List.of("latency_vs_n.png", "wakeups_vs_n.png", "requests_vs_n.png", "throughput_vs_n.png");

    private BenchReport() {}

    // ---- rows ------------------------------------------------------------------------------

    /** One row per implementation, kind and N, in run order. */
    public static List<BenchRow> rows(BenchResults r) {
        List<BenchRow> rows = new ArrayList<>();
        for (Measurement m : r.threads) {
            rows.addAll(rows(m));
        }
        return rows;
    }

    static List<BenchRow> rows(Measurement m) {
        List<BenchRow> rows = new ArrayList<>();
        if (!m.dbl) {
            rows.add(row(
                    m, "await", m.latencyMs.get(Contender.Step.AWAIT), m.cost.get(Contender.Step.AWAIT), m.throughput));
        } else {
            rows.add(row(m, "enter", m.latencyMs.get(Contender.Step.ENTER), m.cost.get(Contender.Step.ENTER), null));
            rows.add(row(m, "leave", m.latencyMs.get(Contender.Step.LEAVE), m.cost.get(Contender.Step.LEAVE), null));
            Counts both = m.cost.get(Contender.Step.ENTER) == null || m.cost.get(Contender.Step.LEAVE) == null
                    ? null
                    : m.cost.get(Contender.Step.ENTER).plus(m.cost.get(Contender.Step.LEAVE));
            rows.add(row(m, "enter+leave", m.pairLatencyMs, both, m.throughput));
        }
        return rows;
    }

    private static BenchRow row(Measurement m, String kind, List<Double> latency, Counts cost, Double throughput) {
        int rounds = m.measuredRounds;
        boolean hasRounds = rounds > 0 && latency != null && latency.size() == rounds && cost != null;
        double crossings = (double) m.n * rounds;
        double waits = (double) (m.n - 1) * rounds;
        return new BenchRow(
                m.impl,
                kind,
                m.n,
                hasRounds ? percentile(latency, 50) : null,
                hasRounds ? percentile(latency, 99) : null,
                throughput,
                hasRounds ? cost.requests() / crossings : null,
                hasRounds ? cost.notifications() / crossings : null,
                hasRounds ? cost.wakeups() / waits : null,
                hasRounds ? cost.bytesRead() / crossings : null);
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    // ---- files -----------------------------------------------------------------------------

    /**
     * Writes results.csv, results.md and the plots into {@code out} (created if needed) and
     * returns the markdown.
     *
     * @throws IOException if a file cannot be written
     */
    public static String write(BenchResults r, Path out) throws IOException {
        Files.createDirectories(out);
        List<BenchRow> rows = rows(r);
        StringBuilder csv = new StringBuilder(BenchRow.CSV_HEADER).append('\n');
        rows.forEach(row -> csv.append(row.toCsv()).append('\n'));
        Files.writeString(out.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        String md = markdown(r, rows);
        Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
        if (r.config.plots()) {
            plots(rows, out);
        }
        return md;
    }

    // ---- markdown --------------------------------------------------------------------------

    static String markdown(BenchResults r, List<BenchRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# Barrier Lab benchmark results\n\n");
        md.append("| machine | |\n|---|---|\n");
        r.machine.forEach(
                (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        BenchConfig c = r.config;
        md.append("\nN = ")
                .append(c.participants())
                .append(", each participant with its own ZooKeeper session (threads in one JVM). ");
        md.append("Latency and cost: controlled rounds (")
                .append(
                        c.rounds() > 0
                                ? c.rounds() + " per N"
                                : "150 per N up to 8, 90 at 16, 60 at 32, 30 at 64, 21 at 128, 15 at 256")
                .append(", each pass after ")
                .append(c.warmup())
                .append(
                        " warm-up rounds): the N-1 waiters arrive one at a time, each blocked on its watch before the next"
                                + " calls, then the last participant calls; ")
                .append("latency = last call to last return. Throughput: back-to-back crossings (")
                .append(c.crossings() > 0 ? c.crossings() + " per N" : "600 per N up to 16, 150 up to 64, 45 above")
                .append("; crossings/s is the median over the passes). ")
                .append(
                        c.passes() > 1
                                ? "Each N is measured in " + c.passes()
                                        + " passes that share these rounds and crossings; every pass opens each"
                                        + " contender afresh, in an order rotated by one per pass, so a disturbance of"
                                        + " the machine is spread over the contenders. "
                                : "One pass per N. ")
                .append(c.jitWarmup() ? "Before the first N, every contender ran once unmeasured (JIT warm-up). " : "")
                .append("Costs are per participant per crossing; wake-ups per waiting participant (N-1 per crossing). ")
                .append("Every call bounded by ")
                .append(c.stepTimeoutMillis())
                .append(" ms. See docs/bench/README.md for the method.\n\n");

        md.append("## Results\n\n");
        md.append("| impl | kind | N | latency median ms | latency p99 ms | crossings/s | requests/participant"
                + " | notifications/participant | wake-ups/waiter | bytes read/participant |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String kind : List.of("await", "enter", "leave", "enter+leave")) {
            for (BenchRow row : rows) {
                if (row.kind().equals(kind)) {
                    md.append("| ")
                            .append(row.impl())
                            .append(" | ")
                            .append(row.kind())
                            .append(" | ")
                            .append(row.n())
                            .append(" | ")
                            .append(cell(row.latencyMedianMs(), 2))
                            .append(" | ")
                            .append(cell(row.latencyP99Ms(), 2))
                            .append(" | ")
                            .append(cell(row.throughputPerS(), 0))
                            .append(" | ")
                            .append(cell(row.requestsPerParticipant(), 2))
                            .append(" | ")
                            .append(cell(row.notificationsPerParticipant(), 2))
                            .append(" | ")
                            .append(cell(row.wakeupsPerWaiter(), 2))
                            .append(" | ")
                            .append(cell(row.bytesReadPerParticipant(), 1))
                            .append(" |\n");
                }
            }
        }
        md.append("\n## Ratios (ours / Curator, ours / floor), per N\n\n");
        md.append(ratios(rows));
        md.append("\n## Through Curator (barrierlab-curator / Curator, / raw), per N\n\n");
        md.append(curatorRatios(rows));
        List<CriticalPath> path = CriticalPath.rows(r);
        md.append("\n## The critical path, apart from background work\n\n");
        md.append(CriticalPath.table(path));
        md.append("\n## Targets of barrier-lib v2 (issue 10)\n\n");
        md.append(BenchTargets.judge(rows, path, r.config.members()));
        md.append("\n## Worst single participant per step\n\n");
        md.append(worstTable(r));
        if (!r.jvms.isEmpty()) {
            md.append("\n## Threads in one JVM vs separate JVMs (back-to-back crossings)\n\n");
            md.append(jvmTable(r));
        }
        md.append("\n## Notes\n\n");
        md.append(notes(r));
        if (r.config.plots()) {
            md.append("\n## Plots\n\n");
            for (String p : PLOTS) {
                md.append("![").append(p).append("](").append(p).append(")\n\n");
            }
        }
        return md.toString();
    }

    private static String cell(Double v, int decimals) {
        return v == null ? "–" : BenchRow.fmt(v, decimals);
    }

    private static Optional<BenchRow> find(List<BenchRow> rows, String impl, String kind, int n) {
        return rows.stream()
                .filter(r -> r.impl().equals(impl) && r.kind().equals(kind) && r.n() == n)
                .findFirst();
    }

    private static String ratio(Optional<BenchRow> a, Optional<BenchRow> b, Function<BenchRow, Double> f) {
        if (a.isEmpty() || b.isEmpty()) {
            return "–";
        }
        Double x = f.apply(a.get());
        Double y = f.apply(b.get());
        if (x == null || y == null || y == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", x / y);
    }

    /** Per N: latency and throughput ratios, ours over Curator and ours over the floor. */
    static String ratios(List<BenchRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Latency ratios use medians; below 1 means ours is faster. Throughput ratio above 1 means"
                + " ours does more crossings per second.\n\n");
        md.append("| N | await latency ours/Curator | await latency ours/floor | enter latency ours/floor"
                + " | leave latency ours/floor | enter+leave latency ours/Curator | await throughput ours/Curator"
                + " | enter+leave throughput ours/Curator |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : ns(rows)) {
            Function<BenchRow, Double> lat = BenchRow::latencyMedianMs;
            Function<BenchRow, Double> thr = BenchRow::throughputPerS;
            Optional<BenchRow> floor = find(rows, "floor", "await", n);
            md.append("| ").append(n).append(" | ");
            md.append(ratio(find(rows, "barrierlab", "await", n), find(rows, "curator", "await", n), lat))
                    .append(" | ");
            md.append(ratio(find(rows, "barrierlab", "await", n), floor, lat)).append(" | ");
            md.append(ratio(find(rows, "barrierlab", "enter", n), floor, lat)).append(" | ");
            md.append(ratio(find(rows, "barrierlab", "leave", n), floor, lat)).append(" | ");
            md.append(ratio(find(rows, "barrierlab", "enter+leave", n), find(rows, "curator", "enter+leave", n), lat))
                    .append(" | ");
            md.append(ratio(find(rows, "barrierlab", "await", n), find(rows, "curator", "await", n), thr))
                    .append(" | ");
            md.append(ratio(find(rows, "barrierlab", "enter+leave", n), find(rows, "curator", "enter+leave", n), thr))
                    .append(" |\n");
        }
        return md.toString();
    }

    /**
     * Per N: our protocol through Curator ({@code barrierlab-curator}) beside Curator's own barriers
     * and beside the raw-ZooKeeper handle, so a Curator user sees what switching costs or saves.
     */
    static String curatorRatios(List<BenchRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Our protocol reached through a CuratorFramework (`barrierlab-curator`) against Curator's own"
                + " barriers and against our raw-ZooKeeper handle. Latency: medians, below 1 means faster;"
                + " throughput: above 1 means more crossings per second.\n\n");
        md.append("| N | await latency via-Curator/Curator | enter+leave latency via-Curator/Curator"
                + " | await throughput via-Curator/Curator | enter+leave throughput via-Curator/Curator"
                + " | await latency via-Curator/raw | await requests via-Curator/raw |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        String bc = "barrierlab-curator";
        for (int n : ns(rows)) {
            Function<BenchRow, Double> lat = BenchRow::latencyMedianMs;
            Function<BenchRow, Double> thr = BenchRow::throughputPerS;
            md.append("| ").append(n).append(" | ");
            md.append(ratio(find(rows, bc, "await", n), find(rows, "curator", "await", n), lat))
                    .append(" | ");
            md.append(ratio(find(rows, bc, "enter+leave", n), find(rows, "curator", "enter+leave", n), lat))
                    .append(" | ");
            md.append(ratio(find(rows, bc, "await", n), find(rows, "curator", "await", n), thr))
                    .append(" | ");
            md.append(ratio(find(rows, bc, "enter+leave", n), find(rows, "curator", "enter+leave", n), thr))
                    .append(" | ");
            md.append(ratio(find(rows, bc, "await", n), find(rows, "barrierlab", "await", n), lat))
                    .append(" | ");
            md.append(ratio(
                            find(rows, bc, "await", n),
                            find(rows, "barrierlab", "await", n),
                            BenchRow::requestsPerParticipant))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static TreeSet<Integer> ns(List<BenchRow> rows) {
        TreeSet<Integer> ns = new TreeSet<>();
        rows.forEach(r -> ns.add(r.n()));
        return ns;
    }

    /** Averages hide the participant that reads a child list: the worst one, per step. */
    private static String worstTable(BenchResults r) {
        StringBuilder md = new StringBuilder();
        md.append("The most requests, wake-ups and bytes read of any one participant in one step of one measured"
                + " round (the averages above spread the releaser's extra work, or a herd on one node, over N).\n\n");
        md.append(
                "| impl | step | N | max requests | max wake-ups | max bytes read |\n|---|---|---:|---:|---:|---:|\n");
        for (Measurement m : r.threads) {
            for (Map.Entry<Contender.Step, Long> e : m.maxBytes.entrySet()) {
                md.append("| ")
                        .append(m.impl)
                        .append(" | ")
                        .append(e.getKey().name().toLowerCase(Locale.ROOT))
                        .append(" | ")
                        .append(m.n)
                        .append(" | ")
                        .append(m.maxRequests.get(e.getKey()))
                        .append(" | ")
                        .append(m.maxWakeups.get(e.getKey()))
                        .append(" | ")
                        .append(e.getValue())
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String jvmTable(BenchResults r) {
        StringBuilder md = new StringBuilder();
        md.append("Same back-to-back crossings, participants as threads of one JVM and as separate JVMs"
                + " (-Xmx64m each). Latency here is per crossing, from the last participant's call to the last"
                + " return, while everyone runs flat out.\n\n");
        md.append("| impl | kind | N | crossings/s threads | crossings/s JVMs | median latency ms threads"
                + " | median latency ms JVMs | requests/participant threads | requests/participant JVMs"
                + " | wake-ups/waiter threads | wake-ups/waiter JVMs |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement j : r.jvms) {
            Measurement t = r.threads.stream()
                    .filter(m -> m.impl.equals(j.impl) && m.dbl == j.dbl && m.n == j.n)
                    .findFirst()
                    .orElse(null);
            md.append("| ")
                    .append(j.impl)
                    .append(" | ")
                    .append(j.dbl ? "enter+leave" : "await")
                    .append(" | ")
                    .append(j.n)
                    .append(" | ");
            md.append(t == null ? "–" : cell(t.throughput, 0)).append(" | ");
            md.append(cell(j.throughput, 0)).append(" | ");
            md.append(t == null || t.freeLatencyMs.isEmpty() ? "–" : cell(percentile(t.freeLatencyMs, 50), 2))
                    .append(" | ");
            md.append(j.freeLatencyMs.isEmpty() ? "–" : cell(percentile(j.freeLatencyMs, 50), 2))
                    .append(" | ");
            md.append(t == null ? "–" : perParticipant(t, Counts::requests, false))
                    .append(" | ");
            md.append(perParticipant(j, Counts::requests, false)).append(" | ");
            md.append(t == null ? "–" : perParticipant(t, Counts::wakeups, true))
                    .append(" | ");
            md.append(perParticipant(j, Counts::wakeups, true)).append(" |\n");
        }
        return md.toString();
    }

    private static String perParticipant(Measurement m, Function<Counts, Long> f, boolean perWaiter) {
        if (m.freeCost == null || m.throughputCrossings == 0) {
            return "–";
        }
        double denom = (double) (perWaiter ? m.n - 1 : m.n) * m.throughputCrossings;
        return BenchRow.fmt(f.apply(m.freeCost) / denom, 2);
    }

    private static String notes(BenchResults r) {
        StringBuilder md = new StringBuilder();
        for (Measurement m : r.threads) {
            String what = m.impl + " " + (m.dbl ? "double" : "await") + " N=" + m.n;
            for (String note : m.notes) {
                md.append("- ").append(what).append(": ").append(note).append('\n');
            }
            if (m.impl.equals("curator") && !m.dbl && m.measuredRounds > 0) {
                md.append("- ")
                        .append(what)
                        .append(": the controller (included in the per-participant requests and bytes) woke ")
                        .append(BenchRow.fmt((double) m.overheadWakeups / m.measuredRounds, 1))
                        .append(" times per crossing and issued ")
                        .append(BenchRow.fmt((double) m.overhead.requests() / m.measuredRounds, 1))
                        .append(" requests per crossing.\n");
            }
            if (m.impl.startsWith("barrierlab") && m.wireCost != null && m.measuredRounds > 0) {
                Counts own = m.cost.values().stream().reduce(Counts.ZERO, Counts::plus);
                if (own.requests() != m.wireCost.requests()
                        || own.bytesRead() != m.wireCost.bytesRead()
                        || own.notifications() != m.wireCost.notifications()) {
                    md.append("- ")
                            .append(what)
                            .append(": the library's own counters (requests ")
                            .append(own.requests())
                            .append(", notifications ")
                            .append(own.notifications())
                            .append(", bytes ")
                            .append(own.bytesRead())
                            .append(") differ from the counting client's (")
                            .append(m.wireCost.requests())
                            .append(", ")
                            .append(m.wireCost.notifications())
                            .append(", ")
                            .append(m.wireCost.bytesRead())
                            .append(") over the same rounds; the table uses the library's counters.\n");
                }
            }
        }
        for (Measurement m : r.jvms) {
            for (String note : m.notes) {
                md.append("- ")
                        .append(m.impl)
                        .append(" JVMs N=")
                        .append(m.n)
                        .append(": ")
                        .append(note)
                        .append('\n');
            }
        }
        if (md.length() == 0) {
            md.append("- No hangs or failures.\n");
        }
        return md.toString();
    }

    // ---- plots -----------------------------------------------------------------------------

    private static void plots(List<BenchRow> rows, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        plot(
                rows,
                out.resolve("latency_vs_n"),
                "Release latency (median) vs N",
                "median release latency (ms)",
                List.of("await", "enter", "leave"),
                BenchRow::latencyMedianMs,
                true);
        plot(
                rows,
                out.resolve("wakeups_vs_n"),
                "Wake-ups per waiting participant per wait vs N",
                "wake-ups per waiter",
                List.of("await", "enter", "leave"),
                BenchRow::wakeupsPerWaiter,
                true);
        plot(
                rows,
                out.resolve("requests_vs_n"),
                "ZooKeeper requests per participant per crossing vs N",
                "requests per participant",
                List.of("await", "enter+leave"),
                BenchRow::requestsPerParticipant,
                true);
        plot(
                rows,
                out.resolve("throughput_vs_n"),
                "Back-to-back crossings per second vs N",
                "crossings/s",
                List.of("await", "enter+leave"),
                BenchRow::throughputPerS,
                true);
    }

    private static java.awt.Color colorOf(String impl) {
        switch (impl) {
            case "barrierlab":
                return new java.awt.Color(0x1b, 0x9e, 0x4b);
            case "barrierlab-curator":
                return new java.awt.Color(0x1f, 0x78, 0xb4);
            case "curator":
                return new java.awt.Color(0x8e, 0x3c, 0xc8);
            case "tutorial":
                return new java.awt.Color(0xe0, 0x8a, 0x1e);
            default:
                return java.awt.Color.BLACK;
        }
    }

    private static void plot(
            List<BenchRow> rows,
            Path file,
            String title,
            String yTitle,
            List<String> kinds,
            Function<BenchRow, Double> metric,
            boolean logY)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(960)
                .height(600)
                .title(title)
                .xAxisTitle("participants N (log scale)")
                .yAxisTitle(yTitle + (logY ? " (log scale)" : ""))
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(6);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            if (!kinds.contains(r.kind())) {
                continue;
            }
            Double v = metric.apply(r);
            if (v == null || v <= 0) {
                continue;
            }
            series.computeIfAbsent(r.impl() + " " + r.kind(), k -> new ArrayList<>())
                    .add(new double[] {r.n(), v});
        }
        if (series.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            String[] implKind = e.getKey().split(" ", 2);
            org.knowm.xchart.XYSeries xy = chart.addSeries(e.getKey(), x, y);
            java.awt.Color color = colorOf(implKind[0]);
            xy.setLineColor(color);
            xy.setMarkerColor(color);
            switch (implKind[1]) {
                case "enter":
                    xy.setMarker(SeriesMarkers.DIAMOND);
                    xy.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
                    break;
                case "leave":
                    xy.setMarker(SeriesMarkers.TRIANGLE_UP);
                    xy.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
                    break;
                case "enter+leave":
                    xy.setMarker(SeriesMarkers.SQUARE);
                    xy.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DOT);
                    break;
                default:
                    xy.setMarker(SeriesMarkers.CIRCLE);
                    xy.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.SOLID);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
