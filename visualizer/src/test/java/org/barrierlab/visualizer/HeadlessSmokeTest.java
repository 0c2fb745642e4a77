package org.barrierlab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Proves that TestFX runs headless on Monocle in this build (no display needed). */
@ExtendWith(ApplicationExtension.class)
class HeadlessSmokeTest {

    @Start
    void start(Stage stage) {
        Label label = new Label("hello");
        label.setId("hello");
        stage.setScene(new Scene(new StackPane(label), 200, 100));
        stage.show();
    }

    @Test
    void labelIsShownHeadless(FxRobot robot) {
        assertEquals("hello", robot.lookup("#hello").queryAs(Label.class).getText());
    }
}
