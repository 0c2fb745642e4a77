package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.visualizer.model.ParticipantState;
import org.barrierlab.visualizer.model.Phase;
import org.barrierlab.visualizer.model.RunState;
import org.barrierlab.visualizer.model.ScopeKind;
import org.barrierlab.visualizer.model.ScopeState;

/**
 * Where everything goes in the barriers view, computed from a {@link RunState} alone (no scene
 * graph): a lobby band on top for participants outside any barrier, then one box per top-level
 * barrier, flowed left to right, with nested barriers inside their parent's middle lane.
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

    /** Measured size of a scope subtree. */
    private record Size(double w, double h, double[] laneWidths, double tokenRows) {}

    private final Map<String, Size> sizes = new HashMap<>();

    private Size measure(ScopeState s, RunState state, Map<String, List<ScopeState>> children) {
        List<List<String>> lanes = lanes(s, state);
        int middle = s.kind() == ScopeKind.DOUBLE ? 1 : lanes.size() - 1;
        double[] widths = new double[lanes.size()];
        double tokenRows = 1;
        for (int i = 0; i < lanes.size(); i++) {
            int n = lanes.get(i).size();
            int c = cols(n);
            widths[i] = c * SLOT + PAD;
            tokenRows = Math.max(tokenRows, Math.ceil(n / (double) c));
        }
        double childW = 0;
        double childH = 0;
        for (ScopeState c : children.getOrDefault(s.path(), List.of())) {
            Size cs = measure(c, state, children);
            childW = Math.max(childW, cs.w);
            childH += cs.h + GAP;
        }
        widths[middle] = Math.max(widths[middle], childW + PAD);
        double lanesW = 0;
        for (double w : widths) {
            lanesW += w;
        }
        double w = Math.max(MIN_BOX_WIDTH, lanesW + (lanes.size() - 1) * GATE_WIDTH + 2 * PAD);
        if (w > lanesW + (lanes.size() - 1) * GATE_WIDTH + 2 * PAD) {
            // spread the spare width over the lanes so gates sit evenly
            double spare = (w - lanesW - (lanes.size() - 1) * GATE_WIDTH - 2 * PAD) / lanes.size();
            for (int i = 0; i < widths.length; i++) {
                widths[i] += spare;
            }
        }
        double header = header(s, state);
        double h = header + tokenRows * SLOT + childH + PAD;
        Size size = new Size(w, h, widths, tokenRows);
        sizes.put(s.path(), size);
        return size;
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
            Size size = measure(s, state, children);
            if (x > PAD && x + size.w > viewWidth - PAD) {
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
            int c = cols(ids.size());
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
        double cy = ty + size.tokenRows * SLOT;
        for (ScopeState c : children.getOrDefault(s.path(), List.of())) {
            Size cs = sizes.get(c.path());
            double cx = middleX + (size.laneWidths[middle] - cs.w) / 2;
            place(c, cx, cy, depth + 1, state, children);
            cy += cs.h + GAP;
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
