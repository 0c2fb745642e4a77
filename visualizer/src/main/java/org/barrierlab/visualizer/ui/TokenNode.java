package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.Set;
import javafx.geometry.VPos;
import javafx.scene.CacheHint;
import javafx.scene.Group;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;

/**
 * A participant's token on the stage: its cached circle and its id. A node of its own (cached as
 * a bitmap), so that a moving token makes the renderer repaint only the few pixels it left and
 * entered, not the whole stage as a token canvas redrawn every frame did. FX thread only.
 */
final class TokenNode extends Group {

    private final ImageView circle = new ImageView();
    private final Text label = new Text();
    private List<Object> look = List.of();

    TokenNode(String id) {
        label.setText(id);
        label.setTextOrigin(VPos.CENTER);
        getChildren().addAll(circle, label);
        setCache(true);
        setCacheHint(CacheHint.SPEED); // moves are translations: blit the cached bitmap
        setMouseTransparent(true);
    }

    /**
     * Shows the token at ({@code x}, {@code y}) view units in the look of {@code states}; the
     * picture is rebuilt only when the look, the scale or the theme ({@code themeVersion}) changed.
     */
    void show(
            Set<String> states,
            double x,
            double y,
            double scale,
            long themeVersion,
            CanvasTheme theme,
            TokenSprites sprites) {
        List<Object> next = List.of(states, scale, themeVersion);
        if (!next.equals(look)) {
            look = next;
            Image img = sprites.circle(states, scale);
            circle.setImage(img);
            circle.setLayoutX(-Math.floor(img.getWidth() / 2));
            circle.setLayoutY(-Math.floor(img.getHeight() / 2));
            CanvasTheme.TextLook l = theme.token(states).label();
            label.setFont(theme.scaled(l.font(), scale));
            label.setFill(l.fill());
            label.setScaleX(1);
            double w = label.getLayoutBounds().getWidth();
            double max = (2 * BarrierLayout.TOKEN_RADIUS - 6) * scale;
            label.setLayoutX(Math.round(-w / 2));
            if (w > max) {
                label.setScaleX(max / w); // squeezed about its centre, as fillText's maxWidth does
            }
        }
        // whole pixels: the software renderer blits without resampling
        setLayoutX(Math.round(x * scale));
        setLayoutY(Math.round(y * scale));
    }
}
