package org.barrierlab.visualizer.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.runmodel.state.ScopeState;

/**
 * Draws one barrier's box on a canvas: border and fill by its state (double, restricted,
 * broken), title, generation chip, {@code waiting k/n} (or who broke it), the reason line, the
 * member list, the gates and the lane names. Every text is fitted to the box (ending in "…")
 * and everything drawn is recorded as {@link Drawn} items, which the layout tests check. FX
 * thread only.
 */
final class ScopePainter {

    /** One thing drawn, in view coordinates: a box, a text line, a chip or a token. */
    record Drawn(Kind kind, String owner, BarrierLayout.Rect bounds, String text) {}

    /** What a drawn item is. */
    enum Kind {
        BOX,
        TITLE,
        CHIP,
        INFO,
        REASON,
        MEMBERS,
        LANE_LABEL,
        LOBBY,
        LOBBY_LABEL,
        TOKEN
    }

    /** What a box shows, for tests and the presenter's keys. */
    record Shown(String title, String chip, String info, String reason, String members, Set<String> states) {
        boolean shows(String state) {
            return states.contains(state);
        }
    }

    private final CanvasTheme theme;

    ScopePainter(CanvasTheme theme) {
        this.theme = theme;
    }

    /**
     * Draws {@code b} with the state's view of its barrier ({@code null}: declared, not used yet).
     *
     * @param alive participants alive (the count of a barrier of everybody without parties)
     * @param headerOnly only the texts of the header changed (same outline): repaint just them
     * @param out receives what was drawn
     */
    Shown paint(
            GraphicsContext gc,
            BarrierLayout.Box b,
            ScopeState s,
            RunState state,
            int alive,
            boolean headerOnly,
            List<Drawn> out) {
        BarrierLayout.Rect r = b.rect();
        StagePlan.Scope p = b.scope();
        String owner = p.path();
        boolean broken = s != null && s.broken();
        Set<String> states = new HashSet<>();
        if (p.kind() == ScopeKind.DOUBLE) {
            states.add(Styles.SCOPE_DOUBLE);
        }
        if (p.restricted()) {
            states.add(Styles.SCOPE_RESTRICTED);
        }
        if (broken) {
            states.add(Styles.SCOPE_BROKEN);
        }
        CanvasTheme.BoxLook look = theme.box(states);
        if (headerOnly) {
            // only the texts changed: repaint the header band inside the border and its round
            // corners (an axis-aligned fill is cheap; the box's anti-aliased outline is not)
            double inset = Math.max(look.borderWidth(), look.radius());
            gc.setFill(look.fill());
            gc.fillRect(
                    r.x() + inset,
                    r.y() + look.borderWidth(),
                    r.w() - 2 * inset,
                    BarrierLayout.header(p) - 8 - look.borderWidth());
        } else {
            roundRect(gc, r, look);
            out.add(new Drawn(Kind.BOX, owner, r, ""));
        }

        double pad = BarrierLayout.PAD;
        double textWidth = r.w() - 2 * pad;
        long gen = s == null ? -1 : s.generation();
        String chipText = gen < 0 ? "gen -" : "gen " + gen;
        CanvasTheme.TextLook chipFont = theme.chipText();
        double[] chipPad = theme.chipPadding();
        double chipW = theme.width(chipText, chipFont.font()) + 2 * chipPad[1];
        double chipH = theme.height(chipFont.font()) + 2 * chipPad[0];
        double chipRoom = chipW + pad;

        Set<String> titleStates = b.depth() > 0 ? Set.of(Styles.SCOPE_NESTED) : Set.of();
        CanvasTheme.TextLook titleLook = theme.text(Styles.SCOPE_TITLE, titleStates);
        String title = p.name() + (p.kind() == ScopeKind.DOUBLE ? "  (double)" : "");
        if (p.kind() == ScopeKind.DOUBLE && theme.width(title, titleLook.font()) > textWidth - chipRoom) {
            title = p.name(); // a narrow box: its three lanes already say "double"
        }
        // The chip sits right of the title; if the title would run into it, the chip moves down
        // to the (short) info line and the title gets the whole width.
        boolean chipOnTitleLine = theme.width(title, titleLook.font()) <= textWidth - chipRoom;
        title = theme.ellipsize(title, titleLook.font(), chipOnTitleLine ? textWidth - chipRoom : textWidth);
        text(gc, Kind.TITLE, owner, title, titleLook, r.x() + pad, r.y() + 6, out);

        double chipY = r.y() + (chipOnTitleLine ? 8 : BarrierLayout.INFO_Y);
        BarrierLayout.Rect chip = new BarrierLayout.Rect(r.x() + r.w() - chipW - pad, chipY, chipW, chipH);
        roundRect(gc, chip, theme.chip(gen));
        fillText(gc, chipText, chipFont, chip.x() + chipPad[1], chip.y() + chipPad[0]);
        out.add(new Drawn(Kind.CHIP, owner, chip, chipText));

        String info;
        String reason = "";
        if (broken) {
            info = "BROKEN gen " + s.generation() + (s.brokenBy().isEmpty() ? "" : " by " + s.brokenBy());
            reason = "reason: " + (s.brokenReason().isEmpty() ? "?" : s.brokenReason());
        } else {
            int waiting = state.waitingAt(p.path());
            int parties =
                    s != null && s.parties() > 0 ? s.parties() : p.members().isEmpty() ? alive : p.capacity();
            String history = s == null || s.brokenGenerations().isEmpty()
                    ? ""
                    : "   broken before: gen "
                            + String.join(
                                    ", gen ",
                                    s.brokenGenerations().keySet().stream()
                                            .map(String::valueOf)
                                            .toList());
            info = "waiting " + waiting + "/" + parties + history;
        }
        CanvasTheme.TextLook infoLook = theme.text(Styles.SCOPE_INFO, broken ? Set.of(Styles.SCOPE_BROKEN) : Set.of());
        info = theme.ellipsize(info, infoLook.font(), chipOnTitleLine ? textWidth : textWidth - chipRoom);
        text(gc, Kind.INFO, owner, info, infoLook, r.x() + pad, r.y() + BarrierLayout.INFO_Y, out);
        double line = BarrierLayout.MEMBERS_LINE;
        if (broken) {
            reason = theme.ellipsize(reason, infoLook.font(), textWidth);
            text(gc, Kind.REASON, owner, reason, infoLook, r.x() + pad, r.y() + BarrierLayout.INFO_Y + line, out);
        }
        String members = "";
        if (p.restricted()) {
            CanvasTheme.TextLook ml = theme.text(Styles.SCOPE_MEMBERS, Set.of());
            members = theme.ellipsize("members: " + compactMembers(p.members()), ml.font(), textWidth);
            text(gc, Kind.MEMBERS, owner, members, ml, r.x() + pad, r.y() + BarrierLayout.INFO_Y + 2 * line, out);
        }

        Shown shown = new Shown(title, chipText, info, reason, members, Set.copyOf(states));
        if (headerOnly) {
            return shown;
        }
        CanvasTheme.LineLook gate = theme.gate();
        gc.setStroke(gate.stroke());
        gc.setLineWidth(gate.width());
        double top = r.y() + BarrierLayout.header(p) - 6;
        for (double gx : b.gates()) {
            gc.strokeLine(gx, top, gx, r.y() + r.h() - 8);
        }
        List<String> names =
                p.kind() == ScopeKind.DOUBLE ? List.of("entering", "inside", "leaving") : List.of("waiting", "passed");
        CanvasTheme.TextLook laneLook = theme.text(Styles.LANE_LABEL, Set.of());
        double left = r.x() + pad;
        double h = theme.height(laneLook.font());
        for (int i = 0; i < names.size(); i++) {
            double right = i < b.gates().size() ? b.gates().get(i) - BarrierLayout.GATE_WIDTH / 2 : r.x() + r.w() - pad;
            String name = theme.ellipsize(names.get(i), laneLook.font(), right - left);
            double w = theme.width(name, laneLook.font());
            // in the box's bottom band, clear of the last token row and of the border
            double y = r.y() + r.h() - BarrierLayout.PAD - h + 4;
            text(gc, Kind.LANE_LABEL, owner, name, laneLook, left + (right - left - w) / 2, y, out);
            left = right + BarrierLayout.GATE_WIDTH;
        }
        return shown;
    }

    /** Draws the lobby band and its label. */
    void paintLobby(GraphicsContext gc, BarrierLayout.Rect r, List<Drawn> out) {
        roundRect(gc, r, theme.lobby());
        out.add(new Drawn(Kind.LOBBY, "", r, ""));
        CanvasTheme.TextLook look = theme.text(Styles.LOBBY_LABEL, Set.of());
        text(gc, Kind.LOBBY_LABEL, "", "not at a barrier", look, r.x() + BarrierLayout.PAD, r.y() + 2, out);
    }

    /** The fill of a box in these states: what lies behind the boxes nested in it. */
    javafx.scene.paint.Paint fill(BarrierLayout.Box b, ScopeState s) {
        Set<String> states = new HashSet<>();
        if (b.scope().kind() == ScopeKind.DOUBLE) {
            states.add(Styles.SCOPE_DOUBLE);
        }
        if (b.scope().restricted()) {
            states.add(Styles.SCOPE_RESTRICTED);
        }
        if (s != null && s.broken()) {
            states.add(Styles.SCOPE_BROKEN);
        }
        return theme.box(states).fill();
    }

    private void text(
            GraphicsContext gc,
            Kind kind,
            String owner,
            String s,
            CanvasTheme.TextLook look,
            double x,
            double y,
            List<Drawn> out) {
        if (s.isEmpty()) {
            return;
        }
        fillText(gc, s, look, x, y);
        out.add(new Drawn(
                kind, owner, new BarrierLayout.Rect(x, y, theme.width(s, look.font()), theme.height(look.font())), s));
    }

    /**
     * Text in screen pixels with a font of the drawing's scale, not through the scaled transform:
     * the software renderer draws scaled text as shapes, many times slower than from its glyph
     * cache.
     */
    private void fillText(GraphicsContext gc, String s, CanvasTheme.TextLook look, double x, double y) {
        javafx.scene.transform.Affine t = gc.getTransform();
        double scale = t.getMxx();
        // keep the canvas's own offset (whole pixels), drop the scale
        gc.setTransform(1, 0, 0, 1, t.getTx(), t.getTy());
        gc.setFont(theme.scaled(look.font(), scale));
        gc.setFill(look.fill());
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(s, Math.round(x * scale), Math.round(y * scale));
        gc.setTransform(t);
    }

    private static void roundRect(GraphicsContext gc, BarrierLayout.Rect r, CanvasTheme.BoxLook look) {
        double arc = 2 * look.radius();
        gc.setFill(look.fill());
        gc.fillRoundRect(r.x(), r.y(), r.w(), r.h(), arc, arc);
        if (look.borderWidth() > 0) {
            // a region's border lies inside its bounds
            double bw = look.borderWidth();
            gc.setStroke(look.border());
            gc.setLineWidth(bw);
            gc.strokeRoundRect(
                    r.x() + bw / 2,
                    r.y() + bw / 2,
                    r.w() - bw,
                    r.h() - bw,
                    Math.max(0, arc - bw),
                    Math.max(0, arc - bw));
        }
    }

    /**
     * A member list short enough for one line of a box: a regular sequence of ids (every other
     * participant of a band) as its ends and step, {@code p1, p3, \u2026, p15 (8)}; any other long
     * list as its first ids and the count. The order of the list is kept.
     */
    static String compactMembers(List<String> ids) {
        if (ids.size() <= 4) {
            return String.join(", ", ids);
        }
        long[] n = new long[ids.size()];
        boolean numbered = true;
        for (int i = 0; i < ids.size() && numbered; i++) {
            String id = ids.get(i);
            numbered = id.length() > 1
                    && id.charAt(0) == 'p'
                    && id.substring(1).chars().allMatch(Character::isDigit);
            if (numbered) {
                n[i] = Long.parseLong(id.substring(1));
            }
        }
        if (numbered) {
            long step = n[1] - n[0];
            boolean regular = step > 0;
            for (int i = 2; i < n.length && regular; i++) {
                regular = n[i] - n[i - 1] == step;
            }
            if (regular) {
                return ids.get(0) + ", " + ids.get(1) + ", \u2026, " + ids.get(ids.size() - 1) + " (" + ids.size()
                        + ")";
            }
        }
        if (ids.size() <= 6) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, 4)) + ", \u2026 (" + ids.size() + ")";
    }
}
