package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.runmodel.state.ScopeState;

/** One barrier drawn as a labelled region with its gate(s). FX thread only. */
final class ScopeNode extends Pane {

    private final Region box = new Region();
    private final Label title = new Label();
    private final Label chip = new Label();
    private final Label info = new Label();
    private final Label members = new Label();
    private final Label reason = new Label();
    private final List<Line> gates = new ArrayList<>();
    private final List<Label> laneLabels = new ArrayList<>();
    private String chipClass = "";

    ScopeNode(String path) {
        setId("scope-" + path.replace('/', '_'));
        setManaged(false);
        setPickOnBounds(false);
        box.getStyleClass().add(Styles.SCOPE);
        title.getStyleClass().add(Styles.SCOPE_TITLE);
        chip.getStyleClass().add(Styles.GEN_CHIP);
        info.getStyleClass().add(Styles.SCOPE_INFO);
        members.getStyleClass().add(Styles.SCOPE_MEMBERS);
        box.setManaged(false);
        reason.getStyleClass().addAll(Styles.SCOPE_INFO, Styles.SCOPE_BROKEN);
        getChildren().addAll(box, title, chip, info, reason, members);
    }

    private int depth;
    private List<Object> lastKey = List.of();

    int depth() {
        return depth;
    }

    void setDepth(int d) {
        depth = d;
    }

    Label infoLabel() {
        return info;
    }

    void show(BarrierLayout.Box b, RunState state, int alive) {
        // Most scopes do not change between two frames: skip them (no text layout, no CSS).
        List<Object> key = List.of(b, state.waitingAt(b.scope().path()), alive);
        if (key.equals(lastKey)) {
            return;
        }
        lastKey = key;
        ScopeState s = b.scope();
        BarrierLayout.Rect r = b.rect();
        relocate(r.x(), r.y());
        resize(r.w(), r.h());
        box.resizeRelocate(0, 0, r.w(), r.h());
        toggle(box, Styles.SCOPE_DOUBLE, s.kind() == ScopeKind.DOUBLE);
        toggle(box, Styles.SCOPE_BROKEN, s.broken());
        boolean restricted = BarrierLayout.restrictedIn(s, state);
        toggle(box, Styles.SCOPE_RESTRICTED, restricted);
        toggle(info, Styles.SCOPE_BROKEN, s.broken());

        toggle(title, Styles.SCOPE_NESTED, b.depth() > 0);
        title.setText(s.name() + (s.kind() == ScopeKind.DOUBLE ? "  (double)" : ""));
        title.applyCss();
        if (s.kind() == ScopeKind.DOUBLE && title.prefWidth(-1) > r.w() - 2 * BarrierLayout.PAD) {
            // a narrow box: its three lanes already say "double"
            title.setText(s.name());
        }
        title.relocate(BarrierLayout.PAD, 6);
        chip.setText(s.generation() < 0 ? "gen -" : "gen " + s.generation());
        String cc = Styles.generation(s.generation());
        if (!cc.equals(chipClass)) {
            if (!chipClass.isEmpty()) {
                chip.pseudoClassStateChanged(Styles.pseudo(chipClass), false);
            }
            chip.pseudoClassStateChanged(Styles.pseudo(cc), true);
            chipClass = cc;
        }
        chip.applyCss();
        chip.autosize();
        double textWidth = r.w() - 2 * BarrierLayout.PAD;
        double chipRoom = chip.getWidth() + BarrierLayout.PAD;
        // The chip sits right of the title; if the title would run into it, the chip moves down
        // to the (short) info line and the title gets the whole width (ellipsized beyond it).
        boolean chipOnTitleLine = title.prefWidth(-1) <= textWidth - chipRoom;
        title.setMaxWidth(chipOnTitleLine ? textWidth - chipRoom : textWidth);
        chip.relocate(r.w() - chip.getWidth() - BarrierLayout.PAD, chipOnTitleLine ? 8 : 36);

        int waiting = state.waitingAt(s.path());
        int parties =
                s.parties() > 0 ? s.parties() : s.restricted() ? s.members().size() : alive;
        for (Label l : List.of(reason, members)) {
            l.setMaxWidth(textWidth);
        }
        info.setMaxWidth(chipOnTitleLine ? textWidth : textWidth - chipRoom);
        reason.setVisible(s.broken());
        if (s.broken()) {
            info.setText("BROKEN gen " + s.generation() + (s.brokenBy().isEmpty() ? "" : " by " + s.brokenBy()));
            reason.setText("reason: " + (s.brokenReason().isEmpty() ? "?" : s.brokenReason()));
        } else {
            String history = s.brokenGenerations().isEmpty()
                    ? ""
                    : "   broken before: gen "
                            + String.join(
                                    ", gen ",
                                    s.brokenGenerations().keySet().stream()
                                            .map(String::valueOf)
                                            .toList());
            info.setText("waiting " + waiting + "/" + parties + history);
        }
        info.relocate(BarrierLayout.PAD, 36);
        members.setVisible(restricted);
        members.setText("members: " + compactMembers(s.members()));
        reason.relocate(BarrierLayout.PAD, 36 + BarrierLayout.MEMBERS_LINE);
        members.relocate(BarrierLayout.PAD, 36 + BarrierLayout.MEMBERS_LINE * (s.broken() ? 2 : 1));

        while (gates.size() < b.gates().size()) {
            Line g = new Line();
            g.getStyleClass().add(Styles.GATE);
            gates.add(g);
            getChildren().add(g);
        }
        for (int i = 0; i < gates.size(); i++) {
            Line g = gates.get(i);
            boolean used = i < b.gates().size();
            g.setVisible(used);
            if (used) {
                double gx = b.gates().get(i) - r.x();
                double top = BarrierLayout.header(s, state) - 6;
                g.setStartX(gx);
                g.setEndX(gx);
                g.setStartY(top);
                g.setEndY(r.h() - 8);
            }
        }
        List<String> names =
                s.kind() == ScopeKind.DOUBLE ? List.of("entering", "inside", "leaving") : List.of("waiting", "passed");
        while (laneLabels.size() < names.size()) {
            Label l = new Label();
            l.getStyleClass().add(Styles.LANE_LABEL);
            laneLabels.add(l);
            getChildren().add(l);
        }
        double left = BarrierLayout.PAD;
        for (int i = 0; i < laneLabels.size(); i++) {
            Label l = laneLabels.get(i);
            boolean used = i < names.size();
            l.setVisible(used);
            if (!used) {
                continue;
            }
            l.setText(names.get(i));
            double right = i < b.gates().size() ? b.gates().get(i) - r.x() : r.w() - BarrierLayout.PAD;
            l.applyCss();
            l.autosize();
            l.relocate(left + (right - left - l.getWidth()) / 2, r.h() - l.getHeight() - 2);
            left = right;
        }
    }

    /** Dynamic states are pseudo-classes: switching them does not rebuild the node's CSS. */
    private static void toggle(javafx.scene.Node n, String cls, boolean on) {
        n.pseudoClassStateChanged(Styles.pseudo(cls), on);
    }

    /** True if the box shows this state (e.g. {@link Styles#SCOPE_BROKEN}). */
    boolean shows(String state) {
        return box.getPseudoClassStates().contains(Styles.pseudo(state));
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
