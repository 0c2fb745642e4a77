package org.barrierlab.visualizer.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The theme's colours, strokes and fonts for drawing on a canvas. A canvas has no CSS, so the
 * theme stays in the CSS file: hidden probe nodes with the theme's style classes and
 * pseudo-classes are styled by it, and their computed values are read here (and cached until
 * {@link #invalidate}: a zoom or a theme switch). FX thread only.
 *
 * <pre>{@code
 * CanvasTheme theme = new CanvasTheme();
 * parent.getChildren().add(theme.probes());   // inside the scene, under the theme's root
 * CanvasTheme.BoxLook box = theme.box(Set.of(Styles.SCOPE_BROKEN));
 * }</pre>
 */
final class CanvasTheme {

    /** Fill, border and corner radius of a box-like region (scope, lobby, chip). */
    record BoxLook(Paint fill, Paint border, double borderWidth, double radius) {}

    /** A text's font and colour. */
    record TextLook(Font font, Paint fill) {}

    /** A token's circle and label. */
    record TokenLook(Paint fill, Paint stroke, double strokeWidth, TextLook label) {}

    /** A line (the gate). */
    record LineLook(Paint stroke, double width) {}

    private final Pane probes = new Pane();
    private final Region scopeProbe = region(Styles.SCOPE);
    private final Region lobbyProbe = region(Styles.LOBBY);
    private final Label chipProbe = label(Styles.GEN_CHIP);
    private final Label textProbe = new Label("Xg");
    private final StackPane tokenProbe = new StackPane();
    private final Circle tokenCircle = new Circle(BarrierLayout.TOKEN_RADIUS);
    private final Label tokenLabel = label(Styles.TOKEN_LABEL);
    private final Line gateProbe = new Line(0, 0, 0, 10);
    private final Map<Object, Object> cache = new HashMap<>();
    private final Text measurer = new Text();
    private final Map<Font, Map<String, Double>> widths = new HashMap<>();

    CanvasTheme() {
        tokenProbe.getStyleClass().add(Styles.TOKEN);
        tokenCircle.getStyleClass().add(Styles.TOKEN_CIRCLE);
        tokenProbe.getChildren().addAll(tokenCircle, tokenLabel);
        gateProbe.getStyleClass().add(Styles.GATE);
        probes.getChildren().addAll(scopeProbe, lobbyProbe, chipProbe, textProbe, tokenProbe, gateProbe);
        // the canvas is scaled by the zoom: its fonts are read at the stage's own size, not the zoomed one
        probes.getStyleClass().add(Styles.STAGE_PROBES);
        probes.setVisible(false);
        probes.setManaged(false);
    }

    /** The probe nodes: add them once under the view, inside the themed scene. */
    Pane probes() {
        return probes;
    }

    /** Forgets what was read (the zoom or the style sheets changed). */
    void invalidate() {
        cache.clear();
        widths.clear();
    }

    /** A scope box in the given states ({@link Styles#SCOPE_DOUBLE}, ..._BROKEN, ..._RESTRICTED). */
    BoxLook box(Set<String> states) {
        return (BoxLook) cache.computeIfAbsent(List.of("box", new TreeSet<>(states)), k -> boxLook(scopeProbe, states));
    }

    BoxLook lobby() {
        return (BoxLook) cache.computeIfAbsent("lobby", k -> boxLook(lobbyProbe, Set.of()));
    }

    /** The generation chip of generation {@code gen} (-1: none yet). */
    BoxLook chip(long gen) {
        String g = Styles.generation(gen);
        return (BoxLook) cache.computeIfAbsent(List.of("chip", g), k -> boxLook(chipProbe, Set.of(g)));
    }

    TextLook chipText() {
        return (TextLook) cache.computeIfAbsent("chipText", k -> textLook(chipProbe));
    }

    /** The chip's padding (top/bottom and left/right), from the theme. */
    double[] chipPadding() {
        return (double[]) cache.computeIfAbsent("chipPad", k -> {
            chipProbe.applyCss();
            return new double[] {
                chipProbe.getPadding().getTop(), chipProbe.getPadding().getLeft()
            };
        });
    }

    /** A text with style class {@code styleClass} in the given pseudo-class states. */
    TextLook text(String styleClass, Set<String> states) {
        return (TextLook) cache.computeIfAbsent(List.of("text", styleClass, new TreeSet<>(states)), k -> {
            textProbe.getStyleClass().setAll("label", styleClass);
            setStates(textProbe, states);
            return textLook(textProbe);
        });
    }

    /** A token in the given pseudo-class states (a generation, dead, waiting, ...). */
    TokenLook token(Set<String> states) {
        return (TokenLook) cache.computeIfAbsent(List.of("token", new TreeSet<>(states)), k -> {
            setStates(tokenProbe, states);
            tokenProbe.applyCss();
            return new TokenLook(
                    tokenCircle.getFill(),
                    tokenCircle.getStroke(),
                    tokenCircle.getStrokeWidth(),
                    new TextLook(tokenLabel.getFont(), tokenLabel.getTextFill()));
        });
    }

    LineLook gate() {
        return (LineLook) cache.computeIfAbsent("gate", k -> {
            gateProbe.applyCss();
            return new LineLook(gateProbe.getStroke(), gateProbe.getStrokeWidth());
        });
    }

    /** The view's background (behind the boxes). */
    Paint background(Region view) {
        return (Paint) cache.computeIfAbsent("background", k -> {
            view.applyCss();
            return fillOf(view.getBackground(), Color.WHITE);
        });
    }

    /** {@code font} at {@code scale} times its size (cached: the canvas keeps fonts by identity). */
    Font scaled(Font font, double scale) {
        if (scale == 1) {
            return font;
        }
        return (Font) cache.computeIfAbsent(List.of("scaled", font, scale), k -> {
            String style = font.getStyle().toLowerCase(java.util.Locale.ROOT);
            return Font.font(
                    font.getFamily(),
                    style.contains("bold") ? javafx.scene.text.FontWeight.BOLD : javafx.scene.text.FontWeight.NORMAL,
                    style.contains("italic")
                            ? javafx.scene.text.FontPosture.ITALIC
                            : javafx.scene.text.FontPosture.REGULAR,
                    font.getSize() * scale);
        });
    }

    /** The width of {@code s} in {@code font}. */
    double width(String s, Font font) {
        Map<String, Double> m = widths.computeIfAbsent(font, f -> new HashMap<>());
        if (m.size() > 4096) {
            m.clear(); // info lines change all the time: keep the cache bounded
        }
        return m.computeIfAbsent(s, t -> {
            measurer.setFont(font);
            measurer.setText(t);
            return measurer.getLayoutBounds().getWidth();
        });
    }

    /** The line height of {@code font}. */
    double height(Font font) {
        return (Double) cache.computeIfAbsent(List.of("height", font), k -> {
            measurer.setFont(font);
            measurer.setText("Xg");
            return measurer.getLayoutBounds().getHeight();
        });
    }

    /** {@code s} cut to {@code max} pixels in {@code font}, ending in "…" if it was cut. */
    String ellipsize(String s, Font font, double max) {
        if (width(s, font) <= max) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String t = s.substring(0, n) + "\u2026";
            if (width(t, font) <= max) {
                return t;
            }
        }
        return "";
    }

    private static void setStates(javafx.scene.Node n, Set<String> states) {
        for (javafx.css.PseudoClass pc : Set.copyOf(n.getPseudoClassStates())) {
            n.pseudoClassStateChanged(pc, false);
        }
        for (String s : states) {
            n.pseudoClassStateChanged(Styles.pseudo(s), true);
        }
    }

    private static BoxLook boxLook(Region probe, Set<String> states) {
        setStates(probe, states);
        probe.applyCss();
        Border border = probe.getBorder();
        Paint stroke = Color.TRANSPARENT;
        double width = 0;
        double radius = 0;
        if (border != null && !border.getStrokes().isEmpty()) {
            BorderStroke bs = border.getStrokes().get(0);
            stroke = bs.getTopStroke();
            width = bs.getWidths().getTop();
            radius = bs.getRadii().getTopLeftHorizontalRadius();
        }
        Background bg = probe.getBackground();
        if (radius == 0
                && bg != null
                && !bg.getFills().isEmpty()
                && bg.getFills().get(0).getRadii() != null) {
            radius = bg.getFills().get(0).getRadii().getTopLeftHorizontalRadius();
        }
        return new BoxLook(fillOf(bg, Color.TRANSPARENT), stroke, width, radius);
    }

    private static Paint fillOf(Background bg, Paint otherwise) {
        return bg == null || bg.getFills().isEmpty()
                ? otherwise
                : bg.getFills().get(0).getFill();
    }

    private static TextLook textLook(Label probe) {
        probe.applyCss();
        return new TextLook(probe.getFont(), probe.getTextFill());
    }

    private static Region region(String styleClass) {
        Region r = new Region();
        r.getStyleClass().add(styleClass);
        return r;
    }

    private static Label label(String styleClass) {
        Label l = new Label("Xg");
        l.getStyleClass().add(styleClass);
        return l;
    }
}
