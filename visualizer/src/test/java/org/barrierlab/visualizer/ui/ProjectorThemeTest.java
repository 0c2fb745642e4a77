package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The projector theme (key h, or the Projector button) loads its style sheet over the theme:
 * the controls' fonts get larger, and the stage's canvas, which reads its look from the style
 * sheets, draws thicker borders and black lane names; pressing h again restores the theme.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectorThemeTest {

    private VisualizerWindow window;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void close() {
        Fx.run(window::close);
    }

    private double pauseFontSize(FxRobot robot) {
        return Fx.call(
                () -> robot.lookup("#pause").queryAs(Button.class).getFont().getSize());
    }

    private CanvasTheme.BoxLook scopeLook() {
        return Fx.call(() -> window.barrierView().themeForTests().box(Set.of()));
    }

    private Color laneLabelColour() {
        return Fx.call(() -> (Color) window.barrierView()
                .themeForTests()
                .text(Styles.LANE_LABEL, Set.of())
                .fill());
    }

    @Test
    void keyHAndTheToolbarToggleSwitchTheProjectorTheme(FxRobot robot) {
        double font = pauseFontSize(robot);
        double border = scopeLook().borderWidth();
        Color lane = laneLabelColour();
        assertFalse(lane.equals(Color.BLACK), "the default theme's lane names are grey, were " + lane);

        robot.type(KeyCode.H);
        Fx.waitUntil(
                10,
                "the projector style sheet loaded",
                () -> window.root().getScene().getStylesheets().contains(Styles.projectorThemeUrl()));
        assertTrue(Fx.call(window::projectorTheme));
        assertTrue(
                Fx.call(() -> robot.lookup("#projector-theme")
                        .queryAs(ToggleButton.class)
                        .isSelected()),
                "the toolbar toggle follows the key");
        assertTrue(pauseFontSize(robot) >= font * 1.3, "controls' font " + font + " -> " + pauseFontSize(robot));
        assertTrue(scopeLook().borderWidth() > border, "the stage's boxes get thicker borders");
        assertEquals(Color.BLACK, laneLabelColour(), "the stage's lane names are black");

        robot.clickOn("#projector-theme");
        Fx.waitUntil(
                10,
                "the projector style sheet removed",
                () -> !window.root().getScene().getStylesheets().contains(Styles.projectorThemeUrl()));
        assertEquals(font, pauseFontSize(robot), 0.01, "the default theme's font again");
        assertEquals(border, scopeLook().borderWidth(), 0.01);
    }
}
