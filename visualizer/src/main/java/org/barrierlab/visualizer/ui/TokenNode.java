package org.barrierlab.visualizer.ui;

import java.util.HashSet;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;
import org.barrierlab.runmodel.state.ParticipantState;

/** One participant's token: a circle coloured by its generation, with its id. FX thread only. */
final class TokenNode extends StackPane {

    private final String participant;
    private final Circle circle = new Circle(BarrierLayout.TOKEN_RADIUS);
    private final Label label;
    private double x = Double.NaN;
    private double y = Double.NaN;
    private double targetX;
    private double targetY;
    private Set<PseudoClass> states = Set.of();

    TokenNode(String participant) {
        this.participant = participant;
        setId("token-" + participant);
        getStyleClass().add(Styles.TOKEN);
        circle.getStyleClass().add(Styles.TOKEN_CIRCLE);
        label = new Label(participant);
        label.getStyleClass().add(Styles.TOKEN_LABEL);
        label.setMouseTransparent(true);
        getChildren().addAll(circle, label);
        setManaged(false);
        double d = 2 * BarrierLayout.TOKEN_RADIUS + 6;
        resize(d, d);
        setPickOnBounds(false);
        // Moving tokens are blitted from a cached bitmap instead of re-rasterizing their circles
        // each frame: the software renderer (no GPU) spends most of its time on shapes.
        setCache(true);
        setCacheHint(javafx.scene.CacheHint.SPEED);
    }

    String participant() {
        return participant;
    }

    void show(ParticipantState p, boolean present) {
        // Pseudo-classes, not style classes: switching them re-matches CSS without rebuilding it.
        Set<PseudoClass> next = new HashSet<>(4);
        next.add(Styles.pseudo(Styles.generation(p.generation())));
        if (p.dead() || !present) {
            next.add(Styles.pseudo(Styles.TOKEN_DEAD));
        } else if (p.phase() == org.barrierlab.runmodel.state.Phase.BROKEN) {
            next.add(Styles.pseudo(Styles.TOKEN_BROKEN));
        } else if (p.phase().isWaiting()) {
            next.add(Styles.pseudo(Styles.TOKEN_WAITING));
        }
        if (p.stepWaiting() && p.alive()) {
            next.add(Styles.pseudo(Styles.TOKEN_STEP));
        }
        if (!next.equals(states)) {
            for (PseudoClass pc : states) {
                if (!next.contains(pc)) {
                    pseudoClassStateChanged(pc, false);
                }
            }
            for (PseudoClass pc : next) {
                pseudoClassStateChanged(pc, true);
            }
            states = next;
        }
    }

    void target(double tx, double ty) {
        targetX = tx;
        targetY = ty;
        if (Double.isNaN(x)) {
            x = tx;
            y = ty - 3 * BarrierLayout.SLOT; // newcomers drop in from above
            place();
        }
    }

    /** Moves a step towards the target; true while still moving. */
    boolean animate(double dtSeconds) {
        double dx = targetX - x;
        double dy = targetY - y;
        if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) {
            if (dx != 0 || dy != 0) {
                x = targetX;
                y = targetY;
                place();
            }
            return false;
        }
        double k = Math.min(1, dtSeconds * 7);
        x += dx * k;
        y += dy * k;
        place();
        return true;
    }

    /** True if the token shows this state ({@link Styles#TOKEN_DEAD}, a generation, ...). */
    boolean shows(String state) {
        return states.contains(Styles.pseudo(state));
    }

    /** True if the token has reached its target (for tests). */
    boolean settled() {
        return Math.abs(targetX - x) < 0.5 && Math.abs(targetY - y) < 0.5;
    }

    double targetX() {
        return targetX;
    }

    double targetY() {
        return targetY;
    }

    private void place() {
        double half = getWidth() / 2;
        relocate(x - half, y - half);
    }
}
