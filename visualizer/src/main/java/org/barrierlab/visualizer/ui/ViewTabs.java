package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.util.Duration;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ClassicState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The tabs of the centre: Barriers (the stage), Space-time (of the barrier run), Classic
 * algorithms and Znodes. Chooses the
 * classic tab by itself for a run of the classic algorithms, and refreshes the znode inspector
 * every 2 s while its tab is visible. FX thread only.
 */
final class ViewTabs {

    private final TabPane tabs = new TabPane();
    private final Tab barriersTab = new Tab("Barriers");
    private final Tab classicTab = new Tab("Classic algorithms");
    private final Tab znodeTab = new Tab("Znodes");
    private final Tab spaceTimeTab = new Tab("Space-time");
    private final BarrierSpaceTimeView spaceTime = new BarrierSpaceTimeView();
    private final ClassicView classicView = new ClassicView();
    private final ZnodeInspector inspector;
    private final Timeline inspectorRefresh;
    private boolean tabChosen;

    /** {@code stage} is the Barriers tab's content; {@code onClassicShown} runs when the classic tab is selected. */
    ViewTabs(Node stage, ExecutorService background, Runnable onClassicSelected) {
        inspector = new ZnodeInspector(background);
        barriersTab.setContent(stage);
        classicTab.setContent(classicView);
        classicTab.selectedProperty().addListener((o, a, b) -> onClassicSelected.run());
        znodeTab.setContent(inspector);
        spaceTimeTab.setContent(spaceTime);
        spaceTimeTab.setId("spacetime-tab");
        spaceTimeTab.selectedProperty().addListener((o, a, b) -> onClassicSelected.run());
        znodeTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                inspector.refresh();
            }
        });
        for (Tab t : List.of(barriersTab, spaceTimeTab, classicTab, znodeTab)) {
            t.setClosable(false);
        }
        tabs.getTabs().addAll(barriersTab, spaceTimeTab, classicTab, znodeTab);
        tabs.setId("tabs");
        inspectorRefresh = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            if (znodeTab.isSelected()) {
                inspector.refresh();
            }
        }));
        inspectorRefresh.setCycleCount(Timeline.INDEFINITE);
        inspectorRefresh.play();
    }

    TabPane node() {
        return tabs;
    }

    ZnodeInspector inspector() {
        return inspector;
    }

    /** A new source: the tab is chosen again, unless a kiosk fixed it with a system property. */
    void reset(Supplier<ZnodeInspector.Target> target) {
        tabChosen = System.getProperty("barrierlab.visualizer.tab") != null;
        inspector.setTarget(target);
    }

    /**
     * A run of the classic algorithms opens on their tab, once per source: the first clock,
     * election or mutex activity before any barrier decides it; a barrier run stays put.
     */
    void autoSelect(RunState s) {
        if (tabChosen) {
            return;
        }
        if (!s.scopes().isEmpty()) {
            tabChosen = true;
        } else if (!s.classic().equals(ClassicState.EMPTY)) {
            tabChosen = true;
            tabs.getSelectionModel().select(classicTab);
        }
    }

    /** Updates the classic view or the barrier space-time view, if it is visible. */
    void showClassic(RunState s, List<TraceEvent> shown) {
        if (classicTab.isSelected()) {
            classicView.show(s, shown);
        } else if (spaceTimeTab.isSelected()) {
            spaceTime.show(shown);
        }
    }

    BarrierSpaceTimeView spaceTime() {
        return spaceTime;
    }

    /** Shows the tab {@code barriers}, {@code spacetime}, {@code classic} or {@code znodes}. */
    void select(String name) {
        switch (name) {
            case "barriers" -> tabs.getSelectionModel().select(barriersTab);
            case "classic" -> tabs.getSelectionModel().select(classicTab);
            case "znodes" -> tabs.getSelectionModel().select(znodeTab);
            case "spacetime" -> tabs.getSelectionModel().select(spaceTimeTab);
            default -> throw new IllegalArgumentException(
                    "tab must be barriers, spacetime, classic or znodes, was " + name);
        }
    }

    void close() {
        inspectorRefresh.stop();
    }
}
