package org.barrierlab.visualizer.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.Phase;

/**
 * Token circles, computed once per look (generation colour and ring) and scale and then
 * blitted: the software renderer spends much of a frame on anti-aliased circles, and there are
 * only a few dozen looks. FX thread only.
 */
final class TokenSprites {

    private final CanvasTheme theme;
    private final Map<List<Object>, Image> cache = new HashMap<>();

    TokenSprites(CanvasTheme theme) {
        this.theme = theme;
    }

    /**
     * The pseudo-class states a participant's token shows: its generation's colour and one ring
     * (dead, broken, waiting), plus the step gate's ring.
     */
    static Set<String> states(ParticipantState p, boolean present) {
        java.util.HashSet<String> next = new java.util.HashSet<>(4);
        next.add(Styles.generation(p.generation()));
        if (p.dead() || !present) {
            next.add(Styles.TOKEN_DEAD);
        } else if (p.phase() == Phase.BROKEN) {
            next.add(Styles.TOKEN_BROKEN);
        } else if (p.phase().isWaiting()) {
            next.add(Styles.TOKEN_WAITING);
        }
        if (p.stepWaiting() && p.alive()) {
            next.add(Styles.TOKEN_STEP);
        }
        return Set.copyOf(next);
    }

    /** Forgets every picture (the theme or the zoom changed). */
    void clear() {
        cache.clear();
    }

    /**
     * The circle of a token in {@code states} at {@code scale} (screen pixels per view unit); the
     * label is drawn over it as text. Computed pixel by pixel on the calling thread: a snapshot
     * would wait for the render thread, which is the busiest thread of all.
     */
    Image circle(Set<String> states, double scale) {
        return cache.computeIfAbsent(List.of(states, scale), k -> draw(theme.token(states), scale));
    }

    private static Image draw(CanvasTheme.TokenLook look, double scale) {
        double r = BarrierLayout.TOKEN_RADIUS * scale;
        double half = look.strokeWidth() * scale / 2;
        int size = (int) Math.ceil(2 * (r + half) + 2);
        double mid = size / 2.0;
        Color fill = colour(look.fill());
        Color stroke = colour(look.stroke());
        WritableImage img = new WritableImage(size, size);
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double d = Math.hypot(x + 0.5 - mid, y + 0.5 - mid);
                // coverage of a disc of radius R at distance d, anti-aliased over one pixel
                double inner = clamp(r - half - d + 0.5);
                double outer = clamp(r + half - d + 0.5);
                if (outer <= 0) {
                    w.setArgb(x, y, 0);
                    continue;
                }
                double fa = inner * fill.getOpacity();
                double sa = (outer - inner) * stroke.getOpacity();
                double a = fa + sa;
                if (a <= 0) {
                    w.setArgb(x, y, 0);
                    continue;
                }
                double red = (fill.getRed() * fa + stroke.getRed() * sa) / a;
                double green = (fill.getGreen() * fa + stroke.getGreen() * sa) / a;
                double blue = (fill.getBlue() * fa + stroke.getBlue() * sa) / a;
                w.setArgb(x, y, argb(a, red, green, blue));
            }
        }
        return img;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static int argb(double a, double r, double g, double b) {
        return ((int) Math.round(a * 255) << 24)
                | ((int) Math.round(r * 255) << 16)
                | ((int) Math.round(g * 255) << 8)
                | (int) Math.round(b * 255);
    }

    private static Color colour(Paint p) {
        return p instanceof Color c ? c : Color.TRANSPARENT;
    }
}
