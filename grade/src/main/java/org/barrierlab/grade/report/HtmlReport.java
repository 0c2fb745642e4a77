package org.barrierlab.grade.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.barrierlab.grade.CheckResult;
import org.barrierlab.grade.Grade;
import org.barrierlab.grade.Outcome;
import org.barrierlab.grade.plan.Check;

/**
 * The grade as one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * resources): the checks-by-phase table of every implementation side by side, the cost sweep
 * ({@link SweepPlot}: wake-ups and requests per crossing against N), a plot of requests and
 * wake-ups per crossing for every check that crossed, and every counterexample with its
 * reproduce command, recording and space-time excerpt.
 */
public final class HtmlReport {

    private static final String[] COLOURS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280"};

    private HtmlReport() {}

    public static String render(List<Grade> grades) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>barrierlab grade</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#1a202c;max-width:1300px}\n")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #cbd5e0;padding:4px 10px;")
                .append("text-align:left;font-size:14px}th{background:#edf2f7}\n")
                .append(".PASS{background:#c6f6d5}.FAIL{background:#fed7d7}.HUNG{background:#feebc8}")
                .append(".UNSUPPORTED{background:#edf2f7;color:#718096}\n")
                .append("pre{background:#f7fafc;border:1px solid #e2e8f0;padding:8px;font-size:12px;overflow-x:auto}\n")
                .append("small{color:#4a5568}h2{margin-top:32px}.sweep{display:flex;flex-wrap:wrap;gap:12px}\n")
                .append("</style></head><body>\n");
        sb.append("<h1>barrierlab grade</h1>\n<p>")
                .append(esc(String.join(", ", grades.stream().map(Grade::impl).toList())))
                .append(" &middot; seed ")
                .append(seed(grades.get(0)))
                .append(" &middot; every check runs real participant JVMs against a real ZooKeeper;"
                        + " verdicts from the recorded history (zxid order).</p>\n");
        table(sb, grades);
        SweepPlot.render(sb, grades, COLOURS);
        plot(sb, grades);
        sb.append("<h2>Counterexamples</h2>\n");
        boolean any = false;
        for (Grade g : grades) {
            List<CheckResult> all = new ArrayList<>(g.results());
            all.addAll(g.sweep());
            for (CheckResult r : all) {
                if (r.outcome().failed()) {
                    any = true;
                    sb.append("<h3 class=\"")
                            .append(r.outcome())
                            .append("\">")
                            .append(esc(g.impl()))
                            .append(" / ")
                            .append(TerminalReport.title(r))
                            .append(": ")
                            .append(r.outcome())
                            .append("</h3>\n<p>")
                            .append(esc(r.detail()))
                            .append("</p>\n")
                            .append("<p><small>schedule: ")
                            .append(esc(r.check().schedule()))
                            .append("<br>reproduce: <code>")
                            .append(esc(r.reproduce(g.impl())))
                            .append("</code>");
                    r.recordingFile().ifPresent(f -> sb.append("<br>replay: <code>")
                            .append(esc("./barrierlab visualize --replay " + f))
                            .append("</code>"));
                    sb.append("</small></p>\n<pre>").append(esc(r.excerpt())).append("</pre>\n");
                }
            }
        }
        if (!any) {
            sb.append("<p>None: every claimed capability held.</p>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Grade> grades) {
        sb.append("<h2>Checks by phase</h2>\n<table><tr><th>phase</th><th>check</th><th>schedule</th>");
        for (Grade g : grades) {
            sb.append("<th>")
                    .append(esc(g.impl()))
                    .append("<br><small>claims ")
                    .append(esc(
                            g.claimed().isEmpty()
                                    ? "nothing beyond one-shot"
                                    : g.claimed().toString().toLowerCase(Locale.ROOT)))
                    .append("</small></th>");
        }
        sb.append("</tr>\n");
        List<CheckResult> first = grades.get(0).results();
        for (int i = 0; i < first.size(); i++) {
            Check c = first.get(i).check();
            sb.append("<tr><td>")
                    .append(c.phase())
                    .append("</td><td>")
                    .append(c.wireName())
                    .append("</td><td><small>")
                    .append(esc(c.schedule()))
                    .append("</small></td>");
            for (Grade g : grades) {
                CheckResult r = g.results().get(i);
                sb.append("<td class=\"").append(r.outcome()).append("\">").append(r.outcome());
                if (r.costs().crossings() > 0) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "<br><small>%.1f req, %.1f wake-ups / crossing</small>",
                            r.costs().requestsPerCrossing(),
                            r.costs().wakeupsPerCrossing()));
                }
                if (!r.detail().isEmpty() && r.outcome() != Outcome.PASS) {
                    sb.append("<br><small>").append(esc(r.detail())).append("</small>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("<tr><th colspan=\"3\">grade</th>");
        for (Grade g : grades) {
            sb.append("<th class=\"")
                    .append(g.passed() ? "PASS" : "FAIL")
                    .append("\">")
                    .append(g.passed() ? "every claim holds" : "a claim fails")
                    .append("</th>");
        }
        sb.append("</tr></table>\n");
    }

    private static String seed(Grade g) {
        if (!g.results().isEmpty()) {
            return Long.toString(g.results().get(0).seed());
        }
        return g.sweep().isEmpty() ? "" : Long.toString(g.sweep().get(0).seed());
    }

    /** Grouped bars: per check, requests and wake-ups per crossing of every implementation. */
    private static void plot(StringBuilder sb, List<Grade> grades) {
        List<CheckResult> first = grades.get(0).results();
        if (first.isEmpty()) {
            return;
        }
        double max = 1;
        for (Grade g : grades) {
            for (CheckResult r : g.results()) {
                max = Math.max(
                        max, Math.max(r.costs().requestsPerCrossing(), r.costs().wakeupsPerCrossing()));
            }
        }
        max = Math.ceil(max);
        int groupWidth = 24 * grades.size() + 24;
        int width = 70 + groupWidth * first.size();
        int height = 330;
        int base = 240;
        double scale = 200 / max;
        sb.append("<h2>Cost per crossing in each check</h2>\n<p><small>ZooKeeper requests (solid) and watch"
                + " notifications, i.e. wake-ups (hatched), per participant per completed barrier call, counted in the"
                + " implementation's own session, each check at its own N.</small></p>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<defs><pattern id=\"h\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">"
                + "<path d=\"M0,4 l4,-4\" stroke=\"#fff\" stroke-width=\"1.5\"/></pattern></defs>\n");
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            int y = base - (int) (v * scale);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"50\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#e2e8f0\"/><text x=\"44\" y=\"%d\""
                            + " text-anchor=\"end\">%.1f</text>\n",
                    width - 10,
                    y,
                    y,
                    y + 4,
                    v));
        }
        for (int i = 0; i < first.size(); i++) {
            int x0 = 60 + i * groupWidth;
            for (int k = 0; k < grades.size(); k++) {
                CheckResult r = grades.get(k).results().get(i);
                String colour = COLOURS[k % COLOURS.length];
                int x = x0 + k * 24;
                bar(sb, x, base, r.costs().requestsPerCrossing() * scale, colour, false);
                bar(sb, x + 10, base, r.costs().wakeupsPerCrossing() * scale, colour, true);
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" transform=\"rotate(35 %d %d)\">%s (N=%d)</text>\n",
                    x0,
                    base + 14,
                    x0,
                    base + 14,
                    first.get(i).check().wireName(),
                    first.get(i).check().participants()));
        }
        for (int k = 0; k < grades.size(); k++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"18\">%s</text>\n",
                    60 + k * 160,
                    COLOURS[k % COLOURS.length],
                    76 + k * 160,
                    esc(grades.get(k).impl())));
        }
        sb.append("</svg>\n");
    }

    private static void bar(StringBuilder sb, int x, int base, double h, String colour, boolean hatched) {
        int height = (int) Math.round(h);
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"%d\" fill=\"%s\"/>\n",
                x,
                base - height,
                height,
                colour));
        if (hatched) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"%d\" fill=\"url(#h)\"/>\n",
                    x,
                    base - height,
                    height));
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
