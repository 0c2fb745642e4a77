package org.barrierlab.visualizer.ui;

import javafx.beans.property.BooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;

/**
 * The presenter's tool bar: new run, start, pause, step, continue, the speed slider, the
 * {@link ServerMenu}, saving and exporting, help. Each control calls one command of the {@link PresenterViewModel} or one of
 * the window's actions. FX thread only.
 */
final class PresenterBar {

    /** The window's actions that are not presenter commands. */
    record Actions(Runnable newRun, Runnable saveRun, Runnable exportPng, Runnable help) {}

    private final PresenterViewModel presenter;
    // log2 of the speed factor: the presentation pace (0.1x) and 4x both get room on the slider
    private final Slider speed = new Slider(log2(PresenterViewModel.MIN_SPEED), log2(PresenterViewModel.MAX_SPEED), 0);
    private final ToolBar bar;
    private final ServerMenu servers;
    private boolean updatingSpeed;

    PresenterBar(PresenterViewModel presenter, boolean canStartRuns, Actions actions, BooleanProperty projector) {
        this.presenter = presenter;
        Button newRun = button("New run\u2026", "new-run", "Start a scenario run (launcher)", actions.newRun());
        newRun.setDisable(!canStartRuns);
        Button start = button("\u25b6 Start", "start", "Let the participants go (space)", presenter::start);
        start.visibleProperty().bind(presenter.heldProperty());
        start.managedProperty().bind(presenter.heldProperty());
        start.getStyleClass().add(Styles.START_BUTTON);
        Button pause = button(
                "Pause", "pause", "Pause the participants before their next barrier operation (p)", presenter::pause);
        Button step = button("Step", "step", "Grant exactly one step (space or .)", presenter::step);
        Button cont = button("Continue", "continue", "Leave step mode: everybody runs", presenter::continueRun);
        speed.setId("speed");
        speed.setPrefWidth(160);
        speed.setMajorTickUnit(1);
        speed.setShowTickMarks(true);
        Label speedLabel = new Label("speed 1.00x");
        speedLabel.setId("speed-label");
        speed.valueProperty()
                .addListener(
                        (o, a, b) -> speedLabel.setText(String.format("speed %.2fx", Math.pow(2, b.doubleValue()))));
        presenter.speedProperty().addListener((o, a, b) -> {
            updatingSpeed = true;
            speed.setValue(log2(b.doubleValue()));
            updatingSpeed = false;
        });
        speed.valueChangingProperty().addListener((o, was, is) -> {
            if (!is) {
                sendSpeed();
            }
        });
        speed.setOnMouseReleased(e -> sendSpeed());
        Button save = button("Save run\u2026", "save-run", "Save the run as a JSON-lines recording", actions.saveRun());
        Button png = button("Export PNG\u2026", "export-png", "Export the current view as a PNG", actions.exportPng());
        ToggleButton projectorButton = new ToggleButton("Projector");
        projectorButton.setId("projector-theme");
        projectorButton.setTooltip(new Tooltip("Projector theme: large fonts, high contrast (h)"));
        projectorButton.setFocusTraversable(false);
        projectorButton.selectedProperty().bindBidirectional(projector);
        Button helpButton = button("?", "help", "Keys and controls (?)", actions.help());
        servers = new ServerMenu(presenter);
        // what the presenter needs while presenting first: a narrow window hides the rest behind ">>"
        bar = new ToolBar(
                newRun,
                new Separator(),
                start,
                pause,
                step,
                cont,
                speedLabel,
                speed,
                servers.node(),
                new Separator(),
                projectorButton,
                helpButton,
                new Separator(),
                save,
                png);
        bar.getStyleClass().add(Styles.TOOLBAR);
    }

    ToolBar node() {
        return bar;
    }

    /** The menu of server faults, updated for each source. */
    ServerMenu servers() {
        return servers;
    }

    private void sendSpeed() {
        if (!updatingSpeed) {
            presenter.setSpeed(Math.pow(2, speed.getValue()));
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** A tool-bar button that does not take the keyboard focus (the keys belong to the stage). */
    static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }
}
