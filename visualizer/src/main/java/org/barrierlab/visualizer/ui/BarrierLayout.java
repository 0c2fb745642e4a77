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

/**
 * Where everything goes in the barriers view. The boxes are computed from a {@link StagePlan}
 * alone (the declared barriers and how many participants each can hold), so they do not move
 * or rescale while participants arrive; the tokens are then placed from a {@link RunState}. A
 * lobby band on top holds the participants outside any barrier, then one box per top-level
 * barrier, flowed left to right, with nested barriers in a grid in their parent's middle lane.
 * A barrier with nested ones takes the whole width of the view.
 *
 * <p>A simple barrier has two lanes (waiting | passed) split by its gate; a double barrier has
 * three (entering | inside | leaving). Every lane has room for every participant that can be at
 * the barrier; tokens are placed on a grid in their lane in id order, so the same state always
 * gives the same picture. A box's header always has a line for a break's reason (and one for
 * the member list of a restricted barrier), so a break does not move anything either.
 *
 * <pre>{@code
 * BarrierLayout layout = BarrierLayout.compute(plan, state, 1200);
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

    /** y of the info line (waiting k/n) below a box's top; the reason and member lines follow. */
    static final double INFO_Y = 36;

    /** Height of the lobby's label line above its tokens. */
    static final double LOBBY_HEADER = 24;

    /** Space at the bottom of a box for the lane names. */
    static final double LANE_LABEL = 20;

    /** Smallest factor the drawing shrinks by to fit the pane's height; below it, it scrolls. */
    static final double MIN_FIT = 0.7;

    static final double FIT_STEP = 0.05;

    /** Most token rows a nested barrier's lane gets: it widens instead, so inner boxes stay flat. */
    static final int NESTED_ROWS = 3;

    /** Narrowest box of a nested barrier (three one-token lanes fit). */
    static final double MIN_NESTED_WIDTH = 220;

    /** Widest cell of the grid of nested barriers (unless one of them needs more). */
    static final double MAX_CELL_WIDTH = 420;

    /** An axis-aligned rectangle. */
    record Rect(double x, double y, double w, double h) {
        boolean overlaps(Rect o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        boolean contains(Rect o) {
            return o.x >= x - 1e-6 && o.y >= y - 1e-6 && o.x + o.w <= x + w + 1e-6 && o.y + o.h <= y + h + 1e-6;
        }
    }

    /**
     * One placed barrier: its box, the x of its gates, and per lane the left edge of the token
     * grid and its columns (view coordinates).
     */
    record Box(
            StagePlan.Scope scope, Rect rect, List<Double> gates, int depth, double[] gridX, int[] cols, double top) {
        double header() {
            return BarrierLayout.header(scope);
        }
    }

    /** A layout and the factor it is drawn at. */
    record Fitted(BarrierLayout layout, double factor) {}

    private record Size(
            double w, double h, double[] laneWidths, int[] laneCols, double middleRows, Map<String, double[]> kids) {}

    private final StagePlan plan;
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final Map<String, Size> sizes = new HashMap<>();
    private final Map<String, double[]> tokens = new HashMap<>();
    private Rect lobby;
    /** The top-level barriers are side by side in one row, none with nested ones, stretched to the width. */
    private boolean oneRow;

    private int lobbyCols;
    private double width;
    private double height;

    private BarrierLayout(StagePlan plan) {
        this.plan = plan;
    }

    Map<String, Box> boxes() {
        return boxes;
    }

    /** Token centres of the state this layout was placed for. */
    Map<String, double[]> tokens() {
        return tokens;
    }

    Rect lobby() {
        return lobby;
    }

    StagePlan plan() {
        return plan;
    }

    /** True if the barriers sit side by side in one row (none with nested ones) stretched to the width. */
    boolean oneRow() {
        return oneRow;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /**
     * The layout for a viewport of {@code width} x {@code height} drawn at the largest factor (at
     * most {@code start}, in steps of {@link #FIT_STEP}, not below {@link #MIN_FIT}) at which its
     * height fits: a smaller factor lays out wider, so nested barriers get more columns. The
     * factor depends on the plan only, never on where the tokens are.
     */
    static Fitted fit(StagePlan plan, RunState state, double width, double height, double start) {
        return fit(plan, state, width, height, start, start);
    }

    /**
     * As {@link #fit(StagePlan, RunState, double, double, double)}; then, if the barriers are
     * laid out in {@link #oneRow() one row} (stretched to the width), the drawing grows on (up to
     * {@code most}) while the row stays one row and the height fits: one or two barriers then
     * use a projector's stage instead of its top third. Layouts of several rows keep the factor
     * they shrank to, so the scenarios that fill the stage with boxes look as they did.
     */
    static Fitted fit(StagePlan plan, RunState state, double width, double height, double start, double most) {
        double f = start;
        BarrierLayout layout = compute(plan, state, width / f);
        while (height > 0 && layout.height() * f > height && f - FIT_STEP >= MIN_FIT - 1e-9) {
            f = Math.round((f - FIT_STEP) * 100) / 100.0;
            layout = compute(plan, state, width / f);
        }
        while (height > 0 && layout.oneRow() && f + FIT_STEP <= most + 1e-9) {
            double g = Math.round((f + FIT_STEP) * 100) / 100.0;
            BarrierLayout bigger = compute(plan, state, width / g);
            if (!bigger.oneRow() || bigger.height() * g > height) {
                break;
            }
            f = g;
            layout = bigger;
        }
        return new Fitted(layout, f);
    }

    /** As {@link #fit(StagePlan, RunState, double, double, double)} for the plan of the state alone. */
    static Fitted fit(RunState state, double width, double height, double start) {
        return fit(StagePlan.of(state), state, width, height, start);
    }

    /** Lays out the plan in a view of the given width and places the state's tokens. */
    static BarrierLayout compute(StagePlan plan, RunState state, double viewWidth) {
        BarrierLayout l = new BarrierLayout(plan);
        l.layout(Math.max(viewWidth, MIN_BOX_WIDTH + 2 * PAD));
        l.place(state);
        return l;
    }

    /** As {@link #compute(StagePlan, RunState, double)} for the plan of the state alone. */
    static BarrierLayout compute(RunState state, double viewWidth) {
        return compute(StagePlan.of(state), state, viewWidth);
    }

    /** Height of a box's header: title, info, the reason line, and the member list if restricted. */
    static double header(StagePlan.Scope s) {
        return HEADER + MEMBERS_LINE + (s.restricted() ? MEMBERS_LINE : 0);
    }

    static int laneCount(ScopeKind kind) {
        return kind == ScopeKind.DOUBLE ? 3 : 2;
    }

    /** The lane that holds the nested barriers (and the participants inside a double barrier). */
    static int middleLane(ScopeKind kind) {
        return kind == ScopeKind.DOUBLE ? 1 : 1;
    }

    static int laneOf(Phase phase, int lanes) {
        return switch (phase) {
            case WAITING, ENTERING, BROKEN, NONE -> 0;
            case PASSED, INSIDE -> 1;
            case LEAVING -> lanes == 3 ? 2 : 1;
        };
    }

    private static int cols(int n) {
        return Math.max(2, Math.min(8, (int) Math.ceil(Math.sqrt(n))));
    }

    /**
     * Measures a barrier from its capacity. {@code fill} > 0 makes the box exactly that wide (a
     * top-level barrier with nested ones takes the whole row); nested barriers get compact lanes
     * of at most {@link #NESTED_ROWS} rows, so that they flow in a grid in their parent's middle
     * lane.
     */
    private Size measure(StagePlan.Scope s, int depth, double fill) {
        int lanes = laneCount(s.kind());
        int middle = middleLane(s.kind());
        List<StagePlan.Scope> kids = plan.children(s.path());
        int cap = s.capacity();
        int[] laneCols = new int[lanes];
        double[] widths = new double[lanes];
        double gatesW = (lanes - 1) * GATE_WIDTH + 2 * PAD;
        double minW = depth > 0 ? MIN_NESTED_WIDTH : MIN_BOX_WIDTH;
        if (kids.isEmpty()) {
            // nested: NESTED_ROWS rows, as narrow as that allows (narrow boxes flow well in a grid)
            int c = depth > 0 ? Math.max(1, (int) Math.ceil(cap / (double) NESTED_ROWS)) : cols(cap);
            double rows = Math.ceil(cap / (double) c);
            java.util.Arrays.fill(laneCols, c);
            java.util.Arrays.fill(widths, c * SLOT + PAD);
            double w = Math.max(Math.max(minW, fill), sum(widths) + gatesW);
            spread(widths, w - gatesW);
            double h = header(s) + rows * SLOT + LANE_LABEL + PAD;
            Size size = new Size(w, h, widths, laneCols, rows, Map.of());
            sizes.put(s.path(), size);
            return size;
        }
        // Nested barriers flow in rows through the middle lane; the side lanes are as narrow as
        // the height beside the nested barriers allows (they hold everybody, too).
        List<Size> kidSizes = new ArrayList<>();
        double widest = 0;
        for (StagePlan.Scope c : kids) {
            Size cs = measure(c, depth + 1, 0);
            kidSizes.add(cs);
            widest = Math.max(widest, cs.w);
        }
        int sideCols = Math.min(2, cap);
        Map<String, double[]> kidPlaces = new LinkedHashMap<>();
        double middleRows = 1;
        double kidsH = 0;
        double laneW = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            double sideW = (lanes - 1) * (sideCols * SLOT + PAD);
            laneW = fill > 0
                    ? Math.max(widest + 2 * PAD, fill - gatesW - sideW)
                    : Math.max(cols(cap) * SLOT + PAD, widest + 2 * PAD);
            int middleCols = Math.max(1, (int) Math.floor((laneW - PAD) / SLOT));
            middleRows = Math.ceil(cap / (double) middleCols);
            laneCols[middle] = middleCols;
            kidPlaces.clear();
            kidsH = gridOfKids(kids, kidSizes, widest, laneW, depth, middleRows * SLOT, kidPlaces);
            int rowsBeside = Math.max(1, (int) Math.floor((middleRows * SLOT + kidsH) / SLOT));
            int needed = Math.max(sideCols, (int) Math.ceil(cap / (double) rowsBeside));
            if (needed == sideCols) {
                break;
            }
            sideCols = needed;
        }
        for (int i = 0; i < lanes; i++) {
            if (i != middle) {
                laneCols[i] = sideCols;
                widths[i] = sideCols * SLOT + PAD;
            }
        }
        widths[middle] = laneW;
        double w = Math.max(minW, sum(widths) + gatesW);
        spread(widths, w - gatesW);
        double sideRows = Math.ceil(cap / (double) sideCols);
        double body = Math.max(sideRows * SLOT, middleRows * SLOT + kidsH + PAD);
        double h = header(s) + body + LANE_LABEL + PAD;
        Size size = new Size(w, h, widths, laneCols, middleRows, Map.copyOf(kidPlaces));
        sizes.put(s.path(), size);
        return size;
    }

    /** Places the nested barriers in a balanced grid; their total height. */
    private double gridOfKids(
            List<StagePlan.Scope> kids,
            List<Size> kidSizes,
            double widest,
            double laneW,
            int depth,
            double top,
            Map<String, double[]> places) {
        int perRow = (int) Math.max(1, Math.min(kids.size(), Math.floor((laneW - 2 * PAD + GAP) / (widest + GAP))));
        int rows = (int) Math.ceil(kids.size() / (double) perRow);
        perRow = (int) Math.ceil(kids.size() / (double) rows);
        double cell = Math.min(Math.max(widest, MAX_CELL_WIDTH), (laneW - 2 * PAD - (perRow - 1) * GAP) / perRow);
        List<Size> sized = kidSizes;
        if (cell > widest) {
            sized = new ArrayList<>();
            for (StagePlan.Scope c : kids) {
                sized.add(measure(c, depth + 1, cell));
            }
        }
        double x = PAD;
        double y = top;
        double rowH = 0;
        for (int i = 0; i < kids.size(); i++) {
            Size cs = sized.get(i);
            if (x > PAD && x + cs.w > laneW - PAD) {
                x = PAD;
                y += rowH + GAP;
                rowH = 0;
            }
            places.put(kids.get(i).path(), new double[] {x, y});
            x += cs.w + GAP;
            rowH = Math.max(rowH, cs.h);
        }
        return y + rowH - top;
    }

    /** Spreads spare width evenly over the lanes, so the gates sit evenly. */
    private static void spread(double[] widths, double total) {
        double spare = total - sum(widths);
        if (spare > 0.5) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] += spare / widths.length;
            }
        }
    }

    private static double sum(double[] a) {
        double t = 0;
        for (double v : a) {
            t += v;
        }
        return t;
    }

    private void layout(double viewWidth) {
        width = viewWidth;
        lobbyCols = Math.max(1, (int) ((viewWidth - 4 * PAD) / SLOT));
        double lobbyRows = Math.ceil(plan.participants() / (double) lobbyCols);
        // the lobby has room for everybody (nobody moves the boxes by arriving); empty, it is a thin band
        lobby = new Rect(PAD, PAD, viewWidth - 2 * PAD, lobbyRows == 0 ? 26 : LOBBY_HEADER + lobbyRows * SLOT + PAD);
        double x = PAD;
        double y = lobby.y() + lobby.h() + GAP;
        double rowH = 0;
        List<StagePlan.Scope> top = plan.children("");
        Map<String, Double> fill = rowFill(top, viewWidth - 2 * PAD);
        oneRow = !fill.isEmpty();
        for (StagePlan.Scope s : top) {
            boolean outer = !plan.children(s.path()).isEmpty();
            Size size = measure(s, 0, outer ? viewWidth - 2 * PAD : fill.getOrDefault(s.path(), 0.0));
            if (x > PAD && (outer || x + size.w > viewWidth - PAD)) {
                x = PAD;
                y += rowH + GAP;
                rowH = 0;
            }
            box(s, x, y, 0);
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

    /**
     * The widths that stretch the top-level barriers to fill one row of {@code rowWidth}, each by
     * the same share of the spare width (so a box never gets narrower, and the gates spread out
     * with it); empty if they are not all side by side in one row at their own widths, or one of
     * them has nested barriers (it takes the whole width already).
     */
    private Map<String, Double> rowFill(List<StagePlan.Scope> top, double rowWidth) {
        Map<String, Double> natural = new LinkedHashMap<>();
        double used = -GAP;
        for (StagePlan.Scope s : top) {
            if (!plan.children(s.path()).isEmpty()) {
                return Map.of();
            }
            double w = measure(s, 0, 0).w;
            natural.put(s.path(), w);
            used += w + GAP;
        }
        if (natural.isEmpty() || used > rowWidth) {
            return Map.of();
        }
        double share = (rowWidth - used) / natural.size();
        natural.replaceAll((path, w) -> w + share);
        return natural;
    }

    private void box(StagePlan.Scope s, double x, double y, int depth) {
        Size size = sizes.get(s.path());
        int lanes = laneCount(s.kind());
        int middle = middleLane(s.kind());
        List<Double> gates = new ArrayList<>();
        double[] gridX = new double[lanes];
        double lx = x + PAD;
        double ty = y + header(s);
        double middleX = lx;
        for (int i = 0; i < lanes; i++) {
            gridX[i] = lx + (size.laneWidths[i] - size.laneCols[i] * SLOT) / 2;
            if (i == middle) {
                middleX = lx;
            }
            lx += size.laneWidths[i];
            if (i < lanes - 1) {
                gates.add(lx + GATE_WIDTH / 2);
                lx += GATE_WIDTH;
            }
        }
        boxes.put(
                s.path(),
                new Box(s, new Rect(x, y, size.w, size.h), List.copyOf(gates), depth, gridX, size.laneCols, ty));
        for (StagePlan.Scope c : plan.children(s.path())) {
            double[] at = size.kids.get(c.path());
            box(c, middleX + at[0], ty + at[1], depth + 1);
        }
    }

    /** Places every participant of {@code state} (in its barrier's lane, or in the lobby); the boxes stay. */
    void place(RunState state) {
        tokens.clear();
        Map<String, List<List<String>>> lanes = new HashMap<>();
        List<String> lobbyIds = new ArrayList<>();
        for (ParticipantState p : state.participants().values()) {
            Box b = p.scope().isEmpty() ? null : boxes.get(p.scope());
            if (b == null) {
                lobbyIds.add(p.id());
                continue;
            }
            int n = laneCount(b.scope().kind());
            List<List<String>> ls = lanes.computeIfAbsent(b.scope().path(), k -> {
                List<List<String>> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(new ArrayList<>());
                }
                return l;
            });
            ls.get(laneOf(p.phase(), n)).add(p.id());
        }
        placeTokens(lobbyIds, lobby.x() + PAD, lobby.y() + LOBBY_HEADER, lobbyCols);
        for (Map.Entry<String, List<List<String>>> e : lanes.entrySet()) {
            Box b = boxes.get(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                placeTokens(e.getValue().get(i), b.gridX()[i], b.top(), b.cols()[i]);
            }
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
