package org.barrierlab.visualizer.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.visualizer.viewmodel.RunViewModel;

/**
 * The bottom of the window: the timeline slider with the position ({@code event k / n LIVE},
 * {@code REPLAY}, {@code · SCRUBBED}) and the Live button, the toggles of the participants
 * table and the event log, the event log itself, and the status line. Dragging the slider or
 * selecting a log line scrubs the {@link RunViewModel}. FX thread only.
 */
final class TimelineBar {

    private final RunViewModel vm;
    private final Slider timeline = new Slider(0, 0, 0);
    private final Label position = new Label();
    private final ListView<TraceEvent> logView = new ListView<>();
    private final Label status = new Label();
    private final Label title = new Label();
    private final ToggleButton participantsToggle = new ToggleButton("Participants");
    private final ToggleButton logToggle = new ToggleButton("Log");
    private final VBox node;
    private boolean updating;
    private boolean replay;
    private int replayTotal;

    TimelineBar(RunViewModel vm) {
        this.vm = vm;
        timeline.setId("timeline");
        timeline.setBlockIncrement(1);
        timeline.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(timeline, Priority.ALWAYS);
        timeline.valueProperty().addListener((o, a, b) -> {
            if (updating) {
                return;
            }
            int k = (int) Math.round(b.doubleValue());
            if (k >= vm.eventCountProperty().get()) {
                vm.followLive();
            } else {
                vm.scrubTo(k);
            }
        });
        position.setId("position");
        Button live = PresenterBar.button("Live", "live", "Follow the live run again (End)", vm::followLive);
        HBox tl = new HBox(10, new Label("Timeline"), timeline, position, live);
        tl.setAlignment(Pos.CENTER_LEFT);
        tl.setPadding(new Insets(4, 8, 4, 8));
        logView.setId("event-log");
        logView.setItems(vm.log());
        logView.setPrefHeight(170);
        logView.setCellFactory(lv -> new EventLogCell());
        logView.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating
                    && b.intValue() >= 0
                    && b.intValue() + 1 != vm.positionProperty().get()) {
                vm.scrubTo(b.intValue() + 1);
            }
        });
        status.setId("status");
        status.getStyleClass().add(Styles.STATUS);
        title.setId("source-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox statusBar = new HBox(16, status, gap, title);
        statusBar.getStyleClass().add(Styles.STATUS);
        // the stage gets the room: the participants table and the event log open on demand
        participantsToggle.setId("toggle-participants");
        participantsToggle.setTooltip(new Tooltip("Show or hide the participants table (t)"));
        participantsToggle.setFocusTraversable(false);
        logToggle.setId("toggle-log");
        logToggle.setTooltip(new Tooltip("Show or hide the event log (l)"));
        logToggle.setFocusTraversable(false);
        logView.visibleProperty().bind(logToggle.selectedProperty());
        logView.managedProperty().bind(logToggle.selectedProperty());
        tl.getChildren().addAll(participantsToggle, logToggle);
        node = new VBox(tl, logView, statusBar);
        updatePosition();
    }

    Node node() {
        return node;
    }

    /** The toggle of the participants table (the window shows or hides the table on it). */
    ToggleButton participantsToggle() {
        return participantsToggle;
    }

    void toggleParticipants() {
        participantsToggle.setSelected(!participantsToggle.isSelected());
    }

    void toggleLog() {
        logToggle.setSelected(!logToggle.isSelected());
    }

    /** A replay says REPLAY where a live run says LIVE, and counts to its {@code total} events. */
    void setReplay(boolean isReplay, int total) {
        replay = isReplay;
        replayTotal = total;
    }

    void setStatus(String text) {
        status.setText(text);
    }

    void setTitle(String text) {
        title.setText(text);
    }

    /** Moves the slider, the position label and the log's selection to the view model's position. */
    void updatePosition() {
        int n = vm.eventCountProperty().get();
        int k = vm.positionProperty().get();
        updating = true;
        try {
            // a replay's slider spans the whole recording: the thumb shows how far it has played
            timeline.setMax(Math.max(replay ? Math.max(n, replayTotal) : n, 1));
            timeline.setValue(k);
            String mode = replay ? "REPLAY" : "LIVE";
            // a replay counts to the recording's end, not to the events played so far
            position.setText("event " + k + " / " + (replay ? Math.max(n, replayTotal) : n) + "  "
                    + (vm.followingProperty().get() ? mode : mode + " \u00b7 SCRUBBED"));
            if (k > 0) {
                logView.getSelectionModel().select(k - 1);
                logView.scrollTo(Math.max(0, k - 4));
            } else {
                logView.getSelectionModel().clearSelection();
            }
        } finally {
            updating = false;
        }
    }
}
