package org.barrierlab.visualizer.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The keys and controls, over the whole window ({@code ?} shows it, Esc or a click hides it). */
final class HelpOverlay extends VBox {

    HelpOverlay() {
        setId("help-overlay");
        getStyleClass().add(Styles.HELP_OVERLAY);
        setAlignment(Pos.CENTER);
        Label text = new Label(String.join(
                "\n",
                "Keys",
                "",
                "space or .      start a held run; then grant one step (step mode)",
                "p                    pause the participants",
                "c                    continue (leave step mode)",
                "a                    auto-pause on/off: stop before each last arrival and at a break",
                "1 … 9              step mode: participant 1 … 9 moves next (or click its token)",
                "\u2190 / \u2192              scrub the timeline (shift: 10 events)",
                "Home / End       first event / follow live",
                "PgDn / PgUp       tour: next / previous chapter (a fresh run)",
                "F11                full screen",
                "Ctrl Q            close the window (ends demo)",
                "z                    zoom the stage to fit",
                "t / l                show or hide the participants table / the event log",
                "h                    projector theme (large fonts, high contrast)",
                "Ctrl + / Ctrl -   zoom in / out (Ctrl 0: 100%)",
                "?                    this help (Esc closes)",
                "",
                "Right-click a participant: kill (SIGKILL) or restart its JVM.",
                "Servers menu (demo --ensemble 3): kill the leader or a ZooKeeper server, restart it.",
                "Token colour = the barrier generation it last took part in.",
                "Red barrier = broken generation, with the reason."));
        text.getStyleClass().add(Styles.HELP_TEXT);
        getChildren().add(text);
        setVisible(false);
        setOnMouseClicked(e -> setVisible(false));
    }

    void toggle() {
        setVisible(!isVisible());
        if (isVisible()) {
            toFront();
        }
    }
}
