package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The collapsible participants table beside the stage: id, host, state, barrier, generation,
 * wake-ups, alive. Right-click a row for the same kill/restart menu as a token. FX thread only.
 */
final class ParticipantsPane {

    private final TableView<ParticipantState> table = new TableView<>();
    private final VBox pane;

    /** {@code menus} gives the kill/restart menu of a participant. */
    ParticipantsPane(Function<String, ContextMenu> menus) {
        table.setId("participants");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("id", ParticipantState::id));
        table.getColumns().add(column("host", ParticipantState::host));
        table.getColumns().add(column("state", ParticipantState::stateText));
        table.getColumns().add(column("barrier", p -> ScopeText.shortName(p.scope())));
        table.getColumns().add(column("gen", p -> p.generation() < 0 ? "" : String.valueOf(p.generation())));
        table.getColumns().add(column("wake-ups", p -> String.valueOf(p.wakeups())));
        table.getColumns().add(column("alive", p -> p.alive() ? "alive" : p.dead() ? "DEAD" : p.exitText()));
        table.setRowFactory(tv -> {
            TableRow<ParticipantState> row = new TableRow<>() {
                @Override
                protected void updateItem(ParticipantState item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().remove(Styles.ROW_DEAD);
                    if (!empty && item != null && item.dead()) {
                        getStyleClass().add(Styles.ROW_DEAD);
                    }
                }
            };
            row.setOnContextMenuRequested(e -> {
                if (row.getItem() != null) {
                    menus.apply(row.getItem().id()).show(row, e.getScreenX(), e.getScreenY());
                }
            });
            return row;
        });
        Label title = new Label("Participants");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        pane = new VBox(6, title, table);
        pane.setPadding(new Insets(6));
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    /** Adds the pane to the right of {@code centre}, or takes it away. */
    void showIn(SplitPane centre, boolean show) {
        if (show && !centre.getItems().contains(pane)) {
            centre.getItems().add(pane);
            centre.setDividerPositions(0.72);
        } else if (!show) {
            centre.getItems().remove(pane);
        }
    }

    /** The rows of {@code state}; unchanged rows are left alone (no cell updates). */
    void show(RunState state) {
        List<ParticipantState> rows = List.copyOf(state.participants().values());
        ObservableList<ParticipantState> items = table.getItems();
        if (items.size() != rows.size()) {
            items.setAll(rows);
        } else {
            for (int i = 0; i < rows.size(); i++) {
                if (!items.get(i).equals(rows.get(i))) {
                    items.set(i, rows.get(i));
                }
            }
        }
    }

    private static TableColumn<ParticipantState, String> column(String name, Function<ParticipantState, String> value) {
        TableColumn<ParticipantState, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }
}
