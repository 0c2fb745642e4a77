package org.barrierlab.grade.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.barrierlab.grade.CheckResult;
import org.barrierlab.grade.Costs;
import org.barrierlab.grade.Grade;
import org.barrierlab.grade.Grader;
import org.barrierlab.grade.Outcome;

/**
 * The cost sweep in the HTML report: wake-ups per waiter and requests per crossing against N, one
 * line per implementation, drawn as inline SVG (the page stays one self-contained file, and the
 * grader needs no charting library), and the same numbers in a table. Only points whose sweep
 * check passed are drawn; the table names the outcome of the others.
 */
final class SweepPlot {

    private static final int WIDTH = 620;
    private static final int HEIGHT = 350;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 48;
    private static final int BOTTOM = 46;

    private SweepPlot() {}

    /** Every N at which some implementation ran the sweep, ascending. */
    static List<Integer> sizes(List<Grade> grades) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (Grade g : grades) {
            for (CheckResult r : g.sweep()) {
                sizes.add(r.participants());
            }
        }
        return new ArrayList<>(sizes);
    }

    static void render(StringBuilder sb, List<Grade> grades, String[] colours) {
        List<Integer> sizes = sizes(grades);
        if (sizes.isEmpty()) {
            return;
        }
        sb.append("<h2>Cost against N</h2>\n<p><small>The sweep: at each N, N participant JVMs enter and leave a"
                + " double barrier " + Grader.SWEEP_ROUNDS + " times, the way the implementation is meant to be used:"
                + " the same barrier after an unmeasured warm-up round if it claims reuse, a fresh one each time if"
                + " not. At every step the last participant calls once the N-1 others are blocked in their call."
                + " Counted in each implementation's own ZooKeeper session. Wake-ups per waiter: watch"
                + " notifications of all N calls of a step over the N-1 that had to wait (1.0: each waiter woken"
                + " once). Requests per crossing: per participant per completed enter or leave.</small></p>\n");
        sb.append("<div class=\"sweep\">\n");
        chart(sb, "wakeups", "wake-ups per waiter", grades, sizes, colours, Costs::wakeupsPerWaiter, 1.0);
        chart(sb, "requests", "requests per crossing", grades, sizes, colours, Costs::requestsPerCrossing, -1);
        sb.append("</div>\n");
        table(sb, grades, sizes);
    }

    private static void chart(
            StringBuilder sb,
            String metric,
            String label,
            List<Grade> grades,
            List<Integer> sizes,
            String[] colours,
            ToDoubleFunction<Costs> value,
            double reference) {
        double max = Math.max(1, reference);
        for (Grade g : grades) {
            for (CheckResult r : g.sweep()) {
                if (r.outcome() == Outcome.PASS) {
                    max = Math.max(max, value.applyAsDouble(r.costs()));
                }
            }
        }
        double top = niceCeiling(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        sb.append(String.format(
                Locale.ROOT,
                "<svg class=\"chart\" data-metric=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n",
                metric,
                WIDTH,
                HEIGHT));
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s against N%s</text>\n",
                LEFT,
                HtmlReport.esc(label),
                reference > 0 ? " (dashed: 1 per waiter)" : ""));
        for (int t = 0; t <= 4; t++) {
            double v = top * t / 4;
            double y = y(v, top, plotH);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e2e8f0\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    LEFT,
                    WIDTH - RIGHT,
                    y,
                    y,
                    LEFT - 6,
                    y + 4,
                    tick(v)));
        }
        for (int n : sizes) {
            double x = x(n, sizes, plotW);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#a0aec0\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                    x,
                    x,
                    TOP + plotH,
                    TOP + plotH + 4,
                    x,
                    TOP + plotH + 17,
                    n));
        }
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">N (participants, log scale)</text>\n",
                LEFT + plotW / 2,
                HEIGHT - 8));
        if (reference > 0) {
            double y = y(reference, top, plotH);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#718096\" stroke-dasharray=\"4 3\"/>\n",
                    LEFT,
                    WIDTH - RIGHT,
                    y,
                    y));
        }
        for (int k = 0; k < grades.size(); k++) {
            Grade g = grades.get(k);
            String colour = colours[k % colours.length];
            StringBuilder points = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int n : sizes) {
                Optional<CheckResult> r = g.sweepAt(n).filter(p -> p.outcome() == Outcome.PASS);
                if (r.isEmpty()) {
                    continue;
                }
                double v = value.applyAsDouble(r.get().costs());
                double x = x(n, sizes, plotW);
                double y = y(v, top, plotH);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                marks.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>"
                                + "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"10\">%s</text>\n",
                        x,
                        y,
                        colour,
                        HtmlReport.esc(pointTitle(g, n, label, v)),
                        x + 5,
                        y - 5 - 10 * k,
                        colour,
                        format(v)));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "<polyline class=\"series\" data-impl=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                            + " points=\"%s\"/>\n",
                    HtmlReport.esc(g.impl()),
                    colour,
                    points.toString().strip()));
            sb.append(marks);
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"24\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"33\">%s</text>\n",
                    LEFT + 110 * k,
                    colour,
                    LEFT + 14 + 110 * k,
                    HtmlReport.esc(g.impl())));
        }
        sb.append("</svg>\n");
    }

    /** The tooltip of one point; the test reads the numbers back from it. */
    static String pointTitle(Grade g, int n, String label, double v) {
        return g.impl() + ", N=" + n + ": " + format(v) + " " + label;
    }

    private static void table(StringBuilder sb, List<Grade> grades, List<Integer> sizes) {
        sb.append("<table><tr><th>N</th>");
        for (Grade g : grades) {
            sb.append("<th>")
                    .append(HtmlReport.esc(g.impl()))
                    .append("<br><small>wake-ups per waiter / requests per" + " crossing</small></th>");
        }
        sb.append("</tr>\n");
        for (int n : sizes) {
            sb.append("<tr><td>").append(n).append("</td>");
            for (Grade g : grades) {
                Optional<CheckResult> r = g.sweepAt(n);
                if (r.isEmpty()) {
                    sb.append("<td>-</td>");
                } else if (r.get().outcome() == Outcome.PASS) {
                    sb.append("<td class=\"PASS\">")
                            .append(format(r.get().costs().wakeupsPerWaiter()))
                            .append(" / ")
                            .append(format(r.get().costs().requestsPerCrossing()))
                            .append("</td>");
                } else {
                    sb.append("<td class=\"")
                            .append(r.get().outcome())
                            .append("\">")
                            .append(r.get().outcome())
                            .append("<br><small>")
                            .append(HtmlReport.esc(r.get().detail()))
                            .append("</small></td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static double x(int n, List<Integer> sizes, int plotW) {
        double lo = Math.log(sizes.get(0));
        double hi = Math.log(sizes.get(sizes.size() - 1));
        double f = hi == lo ? 0.5 : (Math.log(n) - lo) / (hi - lo);
        return LEFT + 20 + f * (plotW - 40);
    }

    private static double y(double v, double top, int plotH) {
        return TOP + plotH - v / top * plotH;
    }

    /** 1, 2, 2.5, 5 times a power of ten, at least {@code max}. */
    private static double niceCeiling(double max) {
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= max) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String tick(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
