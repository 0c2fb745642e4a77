package org.barrierlab.visualizer.ui;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The legend of the space-time diagram: every colour and mark it uses, drawn with the same
 * style classes as the diagram itself, so the legend cannot drift from what it explains.
 * FX thread only.
 */
final class SpaceTimeLegend {

    private SpaceTimeLegend() {}

    /** The legend row ({@code #classic-legend}). */
    static FlowPane create() {
        FlowPane legend = new FlowPane();
        legend.setId("classic-legend");
        legend.getStyleClass().add(Styles.CLASSIC_LEGEND);
        legend.setHgap(16);
        legend.setVgap(4);
        for (String type : List.of("send", "receive", "local", "election", "leader", "request", "acquire", "release")) {
            Circle c = new Circle(7);
            c.getStyleClass().addAll(Styles.SPACETIME_EVENT, "st-" + type);
            c.setMouseTransparent(true);
            legend.getChildren().add(item(c, type));
        }
        Rectangle section = new Rectangle(26, 14);
        section.getStyleClass().add(Styles.SPACETIME_SECTION);
        legend.getChildren().add(item(section, "critical section (acquire \u2192 release)"));
        Rectangle cut = new Rectangle(26, 14);
        cut.getStyleClass().addAll(Styles.SPACETIME_SECTION, Styles.SPACETIME_SECTION_CUT);
        legend.getChildren().add(item(cut, "section cut short"));
        Line exit = new Line(0, 0, 0, 16);
        exit.getStyleClass().add(Styles.SPACETIME_END_EXIT);
        legend.getChildren().add(item(exit, "exited"));
        Text died = new Text("\u2715");
        died.getStyleClass().add(Styles.SPACETIME_END_DEAD);
        legend.getChildren().add(item(died, "died"));
        Line message = new Line(0, 0, 22, 0);
        message.getStyleClass().add(Styles.SPACETIME_MESSAGE);
        legend.getChildren().add(item(message, "message"));
        Circle causal = new Circle(7);
        causal.getStyleClass().addAll(Styles.SPACETIME_EVENT, Styles.SPACETIME_CAUSAL);
        legend.getChildren().add(item(causal, "causal past of the selected event"));
        return legend;
    }

    private static Label item(Node swatch, String text) {
        Label l = new Label(text, swatch);
        l.setGraphicTextGap(6);
        return l;
    }
}
