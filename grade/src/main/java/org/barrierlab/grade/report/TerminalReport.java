package org.barrierlab.grade.report;

import java.util.List;
import java.util.Locale;
import org.barrierlab.grade.CheckResult;
import org.barrierlab.grade.Grade;
import org.barrierlab.grade.Outcome;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.spi.Capability;

/**
 * The grade as text for the terminal: per implementation the checks by phase with their outcome
 * and costs, a phase summary line, then every counterexample (detail, how to reproduce, the
 * recording to replay and the space-time excerpt). Several implementations side by side in one
 * table when compared.
 */
public final class TerminalReport {

    private TerminalReport() {}

    public static String render(List<Grade> grades) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-5s %-16s", "phase", "check"));
        for (Grade g : grades) {
            sb.append(String.format(Locale.ROOT, " %-28s", label(g)));
        }
        sb.append('\n');
        List<CheckResult> first = grades.get(0).results();
        for (int i = 0; i < first.size(); i++) {
            Check c = first.get(i).check();
            sb.append(String.format(Locale.ROOT, "%-5d %-16s", c.phase(), c.wireName()));
            for (Grade g : grades) {
                sb.append(String.format(Locale.ROOT, " %-28s", cell(g.results().get(i))));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-22s", "phases 1..5"));
        for (Grade g : grades) {
            StringBuilder p = new StringBuilder();
            for (int phase = 1; phase <= 5; phase++) {
                p.append(symbol(g.phase(phase)));
            }
            sb.append(String.format(Locale.ROOT, " %-28s", p + (g.passed() ? "  claims hold" : failedOrNotGraded(g))));
        }
        sb.append(
                "\n(cells: outcome, ZooKeeper requests / wake-ups per participant per crossing;"
                        + " phases: + pass, x fail, - not claimed, ? not graded (setup);\n claims: R reusable, S restricted to a subgroup, N nested)\n");
        sweep(sb, grades);
        for (Grade g : grades) {
            for (CheckResult r : g.results()) {
                if (r.outcome().failed() || r.outcome() == Outcome.SETUP) {
                    sb.append('\n').append(counterexample(g, r));
                }
            }
            for (CheckResult r : g.sweep()) {
                if (r.outcome().failed() || r.outcome() == Outcome.SETUP) {
                    sb.append('\n').append(counterexample(g, r));
                }
            }
        }
        return sb.toString();
    }

    /** The cost sweep: per N, wake-ups per waiter and requests per crossing of every implementation. */
    private static void sweep(StringBuilder sb, List<Grade> grades) {
        List<Integer> sizes = SweepPlot.sizes(grades);
        if (sizes.isEmpty()) {
            return;
        }
        sb.append(
                "\ncost against N (sweep: enter and leave a double barrier, N JVMs; wake-ups per waiter / requests per crossing)\n");
        sb.append(String.format(Locale.ROOT, "%-22s", "N"));
        for (Grade g : grades) {
            sb.append(String.format(Locale.ROOT, " %-28s", label(g)));
        }
        sb.append('\n');
        for (int n : sizes) {
            sb.append(String.format(Locale.ROOT, "%-22d", n));
            for (Grade g : grades) {
                String cell = g.sweepAt(n)
                        .map(r -> r.outcome() == Outcome.PASS
                                ? String.format(
                                        Locale.ROOT,
                                        "%5.2f / %5.1f",
                                        r.costs().wakeupsPerWaiter(),
                                        r.costs().requestsPerCrossing())
                                : r.outcome().name())
                        .orElse("-");
                sb.append(String.format(Locale.ROOT, " %-28s", cell));
            }
            sb.append('\n');
        }
    }

    static String counterexample(Grade g, CheckResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(g.impl())
                .append(" / ")
                .append(title(r))
                .append(": ")
                .append(r.outcome())
                .append(" - ")
                .append(r.detail())
                .append('\n');
        sb.append("  schedule:  ").append(r.check().schedule()).append('\n');
        sb.append("  reproduce: ").append(r.reproduce(g.impl())).append('\n');
        r.recordingFile().ifPresent(f -> sb.append("  replay:    ./barrierlab visualize --replay ")
                .append(f)
                .append('\n'));
        sb.append(r.excerpt().indent(2));
        return sb.toString();
    }

    /** "reuse-race (phase 3)", or "sweep (N=8)". */
    static String title(CheckResult r) {
        return r.check() == Check.SWEEP
                ? "sweep (N=" + r.participants() + ")"
                : r.check().wireName() + " (phase " + r.check().phase() + ")";
    }

    private static String label(Grade g) {
        String l = g.impl().length() > 18 ? "..." + g.impl().substring(g.impl().length() - 15) : g.impl();
        StringBuilder caps = new StringBuilder();
        caps.append(g.claimed().contains(Capability.REUSABLE) ? 'R' : '.');
        caps.append(g.claimed().contains(Capability.RESTRICTED) ? 'S' : '.');
        caps.append(g.claimed().contains(Capability.NESTED) ? 'N' : '.');
        return l + " [" + caps + "]";
    }

    private static String cell(CheckResult r) {
        if (r.outcome() == Outcome.UNSUPPORTED || r.costs().crossings() == 0) {
            return r.outcome().name();
        }
        return String.format(
                Locale.ROOT,
                "%-11s %4.1f / %4.1f",
                r.outcome(),
                r.costs().requestsPerCrossing(),
                r.costs().wakeupsPerCrossing());
    }

    private static String failedOrNotGraded(Grade g) {
        for (int phase = 1; phase <= 5; phase++) {
            if (g.phase(phase) == Outcome.FAIL) {
                return "  FAILED";
            }
        }
        return g.sweep().stream().anyMatch(r -> r.outcome().failed()) ? "  FAILED" : "  NOT GRADED (setup)";
    }

    private static char symbol(Outcome o) {
        return switch (o) {
            case PASS -> '+';
            case UNSUPPORTED -> '-';
            case SETUP -> '?';
            default -> 'x';
        };
    }
}
