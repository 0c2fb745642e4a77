package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The "New run" dialog: scenario, number of participants, embedded ZooKeeper or an ensemble. */
final class StartRunDialog {

    /** What the presenter chose; {@code connectString} null means embedded ZooKeeper. */
    record Choice(String scenario, int participants, String connectString) {}

    private StartRunDialog() {}

    static Optional<Choice> show(Window owner, List<String> scenarios) {
        Dialog<Choice> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
            d.getDialogPane().getStylesheets().add(Styles.themeUrl());
        }
        d.setTitle("Start a run");
        ComboBox<String> scenario = new ComboBox<>();
        scenario.setId("scenario-choice");
        scenario.getItems().setAll(scenarios);
        if (!scenarios.isEmpty()) {
            scenario.getSelectionModel().select(0);
        }
        Spinner<Integer> n = new Spinner<>(1, 64, 4);
        n.setId("participants-choice");
        n.setEditable(true);
        ToggleGroup where = new ToggleGroup();
        RadioButton embedded = new RadioButton("embedded ZooKeeper");
        RadioButton ensemble = new RadioButton("ensemble:");
        embedded.setToggleGroup(where);
        ensemble.setToggleGroup(where);
        embedded.setSelected(true);
        TextField connect = new TextField("127.0.0.1:2181");
        connect.disableProperty().bind(embedded.selectedProperty());
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.setPadding(new Insets(16));
        g.addRow(0, new Label("Scenario"), scenario);
        g.addRow(1, new Label("Participants"), n);
        g.addRow(2, new Label("ZooKeeper"), embedded);
        g.addRow(3, new Label(""), ensemble, connect);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK && scenario.getValue() != null
                ? new Choice(
                        scenario.getValue(),
                        n.getValue(),
                        embedded.isSelected() ? null : connect.getText().trim())
                : null);
        return d.showAndWait();
    }
}
