package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.Phase;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.runmodel.state.ScopeState;

/**
 * Where everything goes in the barriers view, computed from a {@link RunState} alone (no scene
 * graph): a lobby band on top for participants outside any barrier, then one box per top-level
 * barrier, flowed left to right, with nested barriers inside their parent's middle lane.
 * A barrier with nested ones takes the whole width of the view; its nested barriers flow in
 * rows (a wrapping grid) through its middle lane, with compact lanes of a stable size, so that
 * an outer barrier with several inner ones fits a projector-sized pane.
 *
 * <p>A simple barrier has two lanes (waiting | passed) split by its gate; a double barrier has
 * three (entering | inside | leaving). Tokens are placed on a grid in their lane in id order,
 * so the same state always gives the same picture.
 *
 * <pre>{@code
 * BarrierLayout layout = BarrierLayout.compute(state, 1200);
 * double[] xy = layout.tokens().get("p1");
 * }</pre>
 */
final class BarrierLayout {

    static final double SLOT = 46;
    static final double TOKEN_RADIUS = 19;
    static final double PAD = 12;
    static final double GAP = 20;
    static final double HEADER = 70;
    static final double MEMBERS_LINE = 26;
    static final double MIN_BOX_WIDTH = 340;
    static final double GATE_WIDTH = 16;

    /** An axis-aligned rectangle. */
    record Rect(double x, double y, double w, double h) {}

    /** One placed scope: its box and the x positions of its gates (in view coordinates). */
    record Box(ScopeState scope, Rect rect, List<Double> gates, int depth) {}

    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final Map<String, double[]> tokens = new HashMap<>();
    private Rect lobby;
    private double width;
    private double height;

    Map<String, Box> boxes() {
        return boxes;
    }

    Map<String, double[]> tokens() {
        return tokens;
    }

    Rect lobby() {
        return lobby;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** Smallest factor the drawing shrinks by to fit the pane's height; below it, it scrolls. */
    static final double MIN_FIT = 0.7;

    static final double FIT_STEP = 0.05;

    /** A layout and the factor it is drawn at. */
    record Fitted(BarrierLayout layout, double factor) {}

    /**
     * The layout for a viewport of {@code width} x {@code height} drawn at the largest factor (at
     * most {@code start}, in steps of {@link #FIT_STEP}, not below {@link #MIN_FIT}) at which its
     * height fits: a smaller factor lays out wider, so nested barriers get more columns.
     */
    static Fitted fit(RunState state, double width, double height, double start) {
        double f = start;
        BarrierLayout layout = compute(state, width / f);
        while (height > 0 && layout.height() * f > height && f - FIT_STEP >= MIN_FIT - 1e-9) {
            f = Math.round((f - FIT_STEP) * 100) / 100.0;
            layout = compute(state, width / f);
        }
        return new Fitted(layout, f);
    }

    /** Lays out the state in a view of the given width. */
    static BarrierLayout compute(RunState state, double viewWidth) {
        BarrierLayout l = new BarrierLayout();
        l.layout(state, Math.max(viewWidth, MIN_BOX_WIDTH + 2 * PAD));
        return l;
    }

    /** Lanes of a scope: lists of participant ids per lane, in id order. */
    private static List<List<String>> lanes(ScopeState s, RunState state) {
        int n = s.kind() == ScopeKind.DOUBLE ? 3 : 2;
        List<List<String>> lanes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lanes.add(new ArrayList<>());
        }
        for (ParticipantState p : state.participants().values()) {
            if (!p.scope().equals(s.path())) {
                continue;
            }
            lanes.get(laneOf(p.phase(), n)).add(p.id());
        }
        return lanes;
    }

    private static int laneOf(Phase phase, int lanes) {
        return switch (phase) {
            case WAITING, ENTERING, BROKEN, NONE -> 0;
            case PASSED, INSIDE -> 1;
            case LEAVING -> lanes == 3 ? 2 : 1;
        };
    }

    /** Height of a scope's header: title, info, and a line each for a break reason and members. */
    static double header(ScopeState s, RunState state) {
        return HEADER + (restrictedIn(s, state) ? MEMBERS_LINE : 0) + (s.broken() ? MEMBERS_LINE : 0);
    }

    /**
     * True if the scope is restricted to some of the run's participants (its member list is
     * worth showing); a member list naming everybody is not a restriction.
     */
    static boolean restrictedIn(ScopeState s, RunState state) {
        return s.restricted() && s.members().size() < state.participants().size();
    }

    private static int cols(int n) {
        return Math.max(2, Math.min(8, (int) Math.ceil(Math.sqrt(n))));
    }

    /** Most token rows a nested barrier's lane gets: it widens instead, so inner boxes stay flat. */
    static final int NESTED_ROWS = 3;

    /** Narrowest box of a nested barrier (three one-token lanes fit). */
    static final double MIN_NESTED_WIDTH = 220;

    /** Widest cell of the grid of nested barriers (unless one of them needs more). */
    static final double MAX_CELL_WIDTH = 420;

    /** Space at the bottom of a box for the lane names. */
    static final double LANE_LABEL = 14;

    /**
     * Measured size of a scope subtree: box size, lane widths, token columns and rows per lane,
     * and the offsets of its children inside the middle lane (relative to the lane's top left).
     */
    private record Size(
            double w,
            double h,
            double[] laneWidths,
            int[] laneCols,
            double middleTokenRows,
            Map<String, double[]> kids) {}

    private final Map<String, Size> sizes = new HashMap<>();

    /** How many participants can be at the scope at once: its parties, its members, or everybody. */
    private static int potential(ScopeState s, RunState state) {
        if (s.parties() > 0) {
            return s.parties();
        }
        if (s.restricted() && !s.members().isEmpty()) {
            return s.members().size();
        }
        return Math.max(1, state.participants().size());
    }

    /**
     * Measures a scope. {@code fill} > 0 makes the box exactly that wide (a top-level barrier with
     * nested ones takes the whole row); nested barriers get stable, compact lanes (sized by who can
     * be there, at most {@link #NESTED_ROWS} rows), so that they flow in a grid in their parent's
     * middle lane without moving around while tokens move.
     */
    private Size measure(ScopeState s, RunState state, Map<String, List<ScopeState>> children, int depth, double fill) {
        List<List<String>> lanes = lanes(s, state);
        int middle = s.kind() == ScopeKind.DOUBLE ? 1 : lanes.size() - 1;
        List<ScopeState> kids = children.getOrDefault(s.path(), List.of());
        int[] laneCols = new int[lanes.size()];
        double[] widths = new double[lanes.size()];
        double sideRows = 1;
        double middleRows = 0;
        for (int i = 0; i < lanes.size(); i++) {
            int n = lanes.get(i).size();
            int c;
            if (depth > 0) {
                c = Math.max(1, (int) Math.ceil(Math.max(n, potential(s, state)) / (double) NESTED_ROWS));
            } else if (!kids.isEmpty() && i == middle) {
                // one row above the nested barriers, always there so they do not jump
                c = Math.min(8, Math.max(1, n));
            } else if (!kids.isEmpty()) {
                // the middle lane holds the nested barriers and is tall: side lanes stay narrow
                c = Math.min(2, Math.max(n, potential(s, state)));
            } else {
                c = cols(n);
            }
            laneCols[i] = c;
            widths[i] = c * SLOT + PAD;
            double rows = Math.ceil(n / (double) c);
            if (i == middle && !kids.isEmpty()) {
                middleRows = Math.max(1, rows);
            } else {
                sideRows = Math.max(sideRows, rows);
            }
        }
        if (depth > 0) {
            sideRows = Math.max(sideRows, NESTED_ROWS);
        }
        if (kids.isEmpty()) {
            middleRows = sideRows;
        }
        double gatesW = (lanes.size() - 1) * GATE_WIDTH + 2 * PAD;
        double minW = depth > 0 ? MIN_NESTED_WIDTH : MIN_BOX_WIDTH;
        double w;
        Map<String, double[]> kidPlaces = new LinkedHashMap<>();
        double kidsH = 0;
        if (kids.isEmpty()) {
            double lanesW = sum(widths);
            w = Math.max(Math.max(minW, fill), lanesW + gatesW);
        } else {
            // nested barriers flow in rows through the middle lane, wrapping at its width
            double sideW = sum(widths) - widths[middle];
            List<Size> kidSizes = new ArrayList<>();
            double widest = 0;
            for (ScopeState c : kids) {
                Size cs = measure(c, state, children, depth + 1, 0);
                kidSizes.add(cs);
                widest = Math.max(widest, cs.w);
            }
            double laneW = fill > 0
                    ? Math.max(widest + 2 * PAD, fill - gatesW - sideW)
                    : Math.max(widths[middle], widest + 2 * PAD);
            // as many columns as the widest fits, balanced over the rows, cells widened to fill the lane
            int perRow = (int) Math.max(1, Math.min(kids.size(), Math.floor((laneW - 2 * PAD + GAP) / (widest + GAP))));
            int rows = (int) Math.ceil(kids.size() / (double) perRow);
            perRow = (int) Math.ceil(kids.size() / (double) rows);
            double cell = Math.min(Math.max(widest, MAX_CELL_WIDTH), (laneW - 2 * PAD - (perRow - 1) * GAP) / perRow);
            if (cell > widest) {
                kidSizes.clear();
                for (ScopeState c : kids) {
                    kidSizes.add(measure(c, state, children, depth + 1, cell));
                }
            }
            double x = PAD;
            double y = middleRows * SLOT;
            double rowH = 0;
            for (int i = 0; i < kids.size(); i++) {
                Size cs = kidSizes.get(i);
                if (x > PAD && x + cs.w > laneW - PAD) {
                    x = PAD;
                    y += rowH + GAP;
                    rowH = 0;
                }
                kidPlaces.put(kids.get(i).path(), new double[] {x, y});
                x += cs.w + GAP;
                rowH = Math.max(rowH, cs.h);
            }
            kidsH = y + rowH;
            widths[middle] = laneW;
            w = Math.max(minW, sum(widths) + gatesW);
        }
        double lanesW = sum(widths);
        if (w > lanesW + gatesW + 0.5) {
            // spread the spare width over the lanes so gates sit evenly
            double spare = (w - lanesW - gatesW) / lanes.size();
            for (int i = 0; i < widths.length; i++) {
                widths[i] += spare;
            }
        }
        double body = Math.max(sideRows * SLOT, kids.isEmpty() ? middleRows * SLOT : kidsH + PAD);
        double h = header(s, state) + body + (kids.isEmpty() ? PAD : LANE_LABEL + PAD);
        Size size = new Size(w, h, widths, laneCols, middleRows, kidPlaces);
        sizes.put(s.path(), size);
        return size;
    }

    private static double sum(double[] a) {
        double t = 0;
        for (double v : a) {
            t += v;
        }
        return t;
    }

    private void layout(RunState state, double viewWidth) {
        width = viewWidth;
        Map<String, List<ScopeState>> children = new HashMap<>();
        List<ScopeState> roots = new ArrayList<>();
        for (ScopeState s : state.scopes().values()) {
            if (s.parent().isEmpty()) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parent(), k -> new ArrayList<>()).add(s);
            }
        }
        // Lobby: everybody not at a barrier.
        List<String> lobbyIds = new ArrayList<>();
        for (ParticipantState p : state.participants().values()) {
            if (p.scope().isEmpty() || !state.scopes().containsKey(p.scope())) {
                lobbyIds.add(p.id());
            }
        }
        int lobbyCols = Math.max(1, (int) ((viewWidth - 2 * PAD) / SLOT));
        double lobbyRows = Math.ceil(lobbyIds.size() / (double) lobbyCols);
        // an empty lobby is a thin band, so the barriers get the room
        lobby = new Rect(PAD, PAD, viewWidth - 2 * PAD, lobbyRows == 0 ? 26 : lobbyRows * SLOT + 2 * PAD);
        placeTokens(lobbyIds, lobby.x() + PAD, lobby.y() + PAD, lobbyCols);

        double x = PAD;
        double y = lobby.y() + lobby.h() + GAP;
        double rowH = 0;
        for (ScopeState s : roots) {
            boolean outer = children.containsKey(s.path());
            // a barrier with nested ones takes a whole row of the view
            Size size = measure(s, state, children, 0, outer ? viewWidth - 2 * PAD : 0);
            if (x > PAD && (outer || x + size.w > viewWidth - PAD)) {
                x = PAD;
                y += rowH + GAP;
                rowH = 0;
            }
            place(s, x, y, 0, state, children);
            x += size.w + GAP;
            rowH = Math.max(rowH, size.h);
        }
        height = y + rowH + PAD;
        width = Math.max(
                width,
                boxes.values().stream()
                        .mapToDouble(b -> b.rect().x() + b.rect().w() + PAD)
                        .max()
                        .orElse(0));
    }

    private void place(
            ScopeState s, double x, double y, int depth, RunState state, Map<String, List<ScopeState>> children) {
        Size size = sizes.get(s.path());
        List<List<String>> lanes = lanes(s, state);
        double header = header(s, state);
        List<Double> gates = new ArrayList<>();
        double lx = x + PAD;
        double ty = y + header;
        int middle = s.kind() == ScopeKind.DOUBLE ? 1 : lanes.size() - 1;
        double middleX = lx;
        for (int i = 0; i < lanes.size(); i++) {
            List<String> ids = lanes.get(i);
            int c = size.laneCols[i];
            double used = c * SLOT;
            placeTokens(ids, lx + (size.laneWidths[i] - used) / 2, ty, c);
            if (i == middle) {
                middleX = lx;
            }
            lx += size.laneWidths[i];
            if (i < lanes.size() - 1) {
                gates.add(lx + GATE_WIDTH / 2);
                lx += GATE_WIDTH;
            }
        }
        boxes.put(s.path(), new Box(s, new Rect(x, y, size.w, size.h), gates, depth));
        for (ScopeState c : children.getOrDefault(s.path(), List.of())) {
            double[] at = size.kids.get(c.path());
            place(c, middleX + at[0], ty + at[1], depth + 1, state, children);
        }
    }

    private void placeTokens(List<String> ids, double x0, double y0, int cols) {
        for (int i = 0; i < ids.size(); i++) {
            double tx = x0 + (i % cols) * SLOT + SLOT / 2;
            double ty = y0 + (i / cols) * SLOT + SLOT / 2;
            tokens.put(ids.get(i), new double[] {tx, ty});
        }
    }
}
