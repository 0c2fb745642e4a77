package org.barrierlab.app;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.launcher.run.RunListener;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The terminal view of a run on stderr: one line per participant (id, role, host, state,
 * barrier, generation, wake-ups), read from the run's one {@link RunState}, so the terminal
 * says what the window and the verdict say. On a terminal the table is redrawn in place (ANSI cursor
 * movement); otherwise each change of a participant's state is
 * printed as one plain line, so logs and CI output stay readable. Story notes and participant
 * output are printed above the table.
 *
 * <pre>{@code
 * run.addListener(new ProgressTable(new PrintWriter(System.err, true), System.console() != null));
 * }</pre>
 */
public final class ProgressTable implements RunListener {

    private final PrintWriter out;
    private final boolean inPlace;
    private final Map<String, String> lastPlain = new HashMap<>();
    private List<ParticipantState> current = List.of();
    private int drawnLines;

    public ProgressTable(PrintWriter out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    @Override
    public synchronized void onState(RunState state) {
        current = List.copyOf(state.participants().values());
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
        for (ParticipantState p : current) {
            roleWidth = Math.max(roleWidth, p.role().length());
            hostWidth = Math.max(hostWidth, p.host().length());
            scopeWidth = Math.max(scopeWidth, p.scope().length());
        }
        String format = "%-6s %-" + roleWidth + "s %-" + hostWidth + "s %-9s %-" + scopeWidth + "s %5s %7s";
        out.println(String.format(format, "id", "role", "host", "state", "barrier", "gen", "wakeups"));
        for (ParticipantState p : current) {
            out.println(String.format(
                    format,
                    p.id(),
                    p.role(),
                    p.host(),
                    p.stateText(),
                    p.scope(),
                    p.generation() < 0 ? "" : Long.toString(p.generation()),
                    Long.toString(p.wakeups())));
        }
        drawnLines = current.size() + 1;
        out.flush();
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
