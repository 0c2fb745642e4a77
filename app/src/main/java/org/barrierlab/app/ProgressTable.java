package org.barrierlab.app;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.launcher.run.RunListener;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ClassicState;
import org.barrierlab.runmodel.state.NaturalOrder;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The terminal view of a run on stderr: one line per participant (id, role, host, state,
 * barrier, generation, wake-ups), read from the run's one {@link RunState}, so the terminal
 * says what the window and the verdict say. On a terminal the table is redrawn in place (ANSI cursor
 * movement); otherwise each change of a participant's state is
 * printed as one plain line, so logs and CI output stay readable. Story notes and participant
 * output are printed above the table. In place, every line is cut to the terminal's width (a
 * wrapped line would break the cursor arithmetic and stack copies of the table), barrier paths
 * are shortened ({@code festival/band-a} for {@code /barriers/festival/inner/band-a}), the host
 * column is left out while every participant runs locally, and in step mode a one-line prompt
 * with the keys and the last step (who stepped, what it does next) closes the table. A run of
 * the classic algorithms adds one line: the leader, the mutex and elections in progress.
 *
 * <pre>{@code
 * run.addListener(new ProgressTable(new PrintWriter(System.err, true), System.console() != null));
 * }</pre>
 */
public final class ProgressTable implements RunListener {

    private final PrintWriter out;
    private final boolean inPlace;
    private final int width;
    private boolean stepPrompt;
    private String lastStep = "";
    private final Map<String, String> nextOp = new HashMap<>();
    private final Map<String, String> lastPlain = new HashMap<>();
    private List<ParticipantState> current = List.of();
    private String classic = "";
    private int drawnLines;

    public ProgressTable(PrintWriter out, boolean inPlace) {
        this(out, inPlace, 80);
    }

    /** A table for a terminal {@code width} columns wide (in place only). */
    public ProgressTable(PrintWriter out, boolean inPlace, int width) {
        if (width < 20) {
            throw new IllegalArgumentException("width must be >= 20, was " + width);
        }
        this.out = out;
        this.inPlace = inPlace;
        this.width = width;
    }

    /** The prompt line of step mode: the keys, and who took the last step. */
    static final String STEP_KEYS = "[step] Enter/space: step  1-9: step pN  c: continue  p: pause";

    /** Shows the step-mode prompt under the table (in place) or the key hints once (plain). */
    public synchronized void stepMode(boolean on) {
        stepPrompt = on;
        if (inPlace) {
            redraw();
        } else if (on) {
            out.println(STEP_KEYS);
            out.flush();
        }
    }

    @Override
    public synchronized void onState(RunState state) {
        current = List.copyOf(state.participants().values());
        String classicNow = classicLine(state.classic());
        boolean classicChanged = !classicNow.equals(classic);
        classic = classicNow;
        if (inPlace) {
            redraw(); // the run batches events, so this is a few redraws a second at most
            return;
        }
        for (ParticipantState p : current) {
            String line = row(p);
            if (!line.equals(lastPlain.get(p.id()))) {
                lastPlain.put(p.id(), line);
                out.println(line);
            }
        }
        if (classicChanged && !classic.isEmpty()) {
            out.println(classic);
        }
        out.flush();
    }

    @Override
    public synchronized void onEvent(TraceEvent e) {
        if (e.is(EventType.NOTE) && e.attr("text") != null) {
            above(e.participant() + ": " + e.attr("text"));
        } else if (e.is(EventType.KILL)) {
            above("launcher: killed " + e.participant() + " (SIGKILL)");
        } else if (e.is(EventType.SPAWN) && !"1".equals(e.attr("attempt"))) {
            above("launcher: restarted " + e.participant());
        } else if (e.is(EventType.STEP_WAIT) && e.attr("op") != null) {
            nextOp.put(e.participant(), shortOp(e.attr("op")));
        } else if (e.is(EventType.STEP) && "grant".equals(e.attr("by"))) {
            lastStep = e.participant() + " did " + shortOp(e.attr("op") == null ? "" : e.attr("op"));
            nextOp.remove(e.participant());
            if (stepPrompt && inPlace) {
                redraw();
            } else if (stepPrompt) {
                out.println(lastStep);
                out.flush();
            }
        }
    }

    @Override
    public synchronized void onOutput(String participant, String line) {
        above("[" + participant + "] " + line);
    }

    /** Draws the final table (on a terminal) before the verdict is printed. */
    public synchronized void finish() {
        if (inPlace) {
            redraw();
        }
    }

    private void above(String line) {
        if (inPlace) {
            clear();
            out.println(line);
            redraw();
        } else {
            out.println(line);
            out.flush();
        }
    }

    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            out.print("\033[1A\033[2K");
        }
        drawnLines = 0;
    }

    private void redraw() {
        clear();
        // Columns as wide as their widest cell: nested barrier paths are long, and a ragged
        // table is hard to read from the back of a classroom.
        int roleWidth = "role".length();
        int hostWidth = "host".length();
        int scopeWidth = "barrier".length();
        boolean allLocal = true;
        for (ParticipantState p : current) {
            roleWidth = Math.max(roleWidth, p.role().length());
            hostWidth = Math.max(hostWidth, p.host().length());
            scopeWidth = Math.max(scopeWidth, shortScope(p.scope()).length());
            allLocal &= p.host().equals("local");
        }
        String hostCol = allLocal ? "%s" : "%-" + hostWidth + "s ";
        String format = "%-4s %-" + roleWidth + "s " + hostCol + "%-9s %-" + scopeWidth + "s %4s %7s";
        int lines = 0;
        lines +=
                line(String.format(format, "id", "role", allLocal ? "" : "host", "state", "barrier", "gen", "wakeups"));
        for (ParticipantState p : current) {
            lines += line(String.format(
                    format,
                    p.id(),
                    p.role(),
                    allLocal ? "" : p.host(),
                    p.stateText(),
                    shortScope(p.scope()),
                    p.generation() < 0 ? "" : Long.toString(p.generation()),
                    Long.toString(p.wakeups())));
        }
        if (!classic.isEmpty()) {
            lines += line(classic);
        }
        if (stepPrompt) {
            lines += line(prompt());
        }
        drawnLines = lines;
        out.flush();
    }

    /** The step-mode prompt: keys, the last step, who waits at the gate for what. */
    String prompt() {
        StringBuilder sb = new StringBuilder(STEP_KEYS);
        if (!lastStep.isEmpty()) {
            sb.append(" | ").append(lastStep);
        }
        if (!nextOp.isEmpty()) {
            sb.append(" | next: ");
            nextOp.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .limit(3)
                    .forEach(en -> sb.append(en.getKey())
                            .append(' ')
                            .append(en.getValue())
                            .append(", "));
            sb.setLength(sb.length() - 2);
        }
        return sb.toString();
    }

    /**
     * The classic algorithms in one line, under the table: {@code leader p3 | mutex held by p1,
     * queue p2 > p4 | electing: p2}; empty for a run without a leader or a mutex.
     */
    static String classicLine(ClassicState c) {
        boolean mutex = !c.sections().isEmpty()
                || !c.mutexHolder().isEmpty()
                || !c.mutexQueue().isEmpty();
        if (c.leader().isEmpty() && c.electionsInProgress().isEmpty() && !mutex) {
            return "";
        }
        StringBuilder sb = new StringBuilder("leader ").append(c.leader().isEmpty() ? "none yet" : c.leader());
        if (mutex) {
            sb.append(" | mutex ").append(c.mutexHolder().isEmpty() ? "free" : "held by " + c.mutexHolder());
            if (!c.mutexQueue().isEmpty()) {
                sb.append(", queue ").append(String.join(" > ", c.mutexQueue()));
            }
            sb.append(", ").append(c.sections().size()).append(" critical sections");
        }
        if (!c.electionsInProgress().isEmpty()) {
            List<String> running = new java.util.ArrayList<>(c.electionsInProgress());
            running.sort(NaturalOrder.INSTANCE);
            sb.append(" | electing: ").append(String.join(", ", running));
        }
        return sb.toString();
    }

    /** Prints one line cut to the terminal's width; returns 1 (the lines it takes). */
    private int line(String text) {
        String t = text.stripTrailing();
        out.println(t.length() < width ? t : t.substring(0, width - 2) + "\u2026");
        return 1;
    }

    /** {@code /barriers/festival/inner/band-a} as {@code festival/band-a}. */
    static String shortScope(String scope) {
        String s = scope.startsWith("/barriers/") ? scope.substring("/barriers/".length()) : scope;
        return s.replace("/inner/", "/");
    }

    /** {@code enter /barriers/festival} as {@code enter festival}. */
    private static String shortOp(String op) {
        int space = op.indexOf(' ');
        return space < 0 ? op : op.substring(0, space + 1) + shortScope(op.substring(space + 1));
    }

    /** The plain-mode line of a participant: {@code p2 dead /barriers/stroke gen 1 (killed, exit 137)}. */
    static String row(ParticipantState p) {
        StringBuilder sb = new StringBuilder();
        sb.append(p.id()).append(' ').append(p.stateText());
        if (!p.scope().isEmpty()) {
            sb.append(' ').append(p.scope());
            if (p.generation() >= 0) {
                sb.append(" gen ").append(p.generation());
            }
        }
        if (!p.exitText().isEmpty()) {
            sb.append(" (").append(p.exitText()).append(')');
        }
        return sb.toString();
    }
}
