package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The space-time view of a barrier run ({@code #barrier-spacetime}): one lane per participant,
 * time (zxid order) running to the right, a mark for each arrival, release, leave, break and
 * end, a band while a participant waits on its watch, and an arrow from the last arrival of a
 * generation to each release it caused (red: from a break to each participant it broke). A
 * legend above explains every mark, drawn with the same style classes. Drawn from the shown
 * events ({@link BarrierSpaceTime}), so it follows a replay's scrubbing. FX thread only.
 */
final class BarrierSpaceTimeView extends BorderPane {

    static final int MAX_EVENTS = 400;
    static final String MARK = "bst-mark";
    static final String LANE = "bst-lane";
    static final String WAIT = "bst-wait";
    static final String WAKE = "bst-wake";
    static final String BROKE = "bst-broke";
    static final String LABEL = "bst-label";
    static final String SCOPE = "bst-scope";
    private static final double LEFT = 24;
    private static final double TOP = 40;

    private final Pane diagram = new Pane();
    private final Pane labels = new Pane();
    private final ScrollPane scroll;
    private BarrierSpaceTime model = BarrierSpaceTime.of(List.of(), MAX_EVENTS);
    private List<TraceEvent> lastEvents = List.of();
    private String shownKey = "";
    private double[] markXs = new double[0];

    BarrierSpaceTimeView() {
        setId("barrier-spacetime");
        diagram.setId("barrier-spacetime-diagram");
        scroll = new ScrollPane(new Group(diagram));
        scroll.setPannable(true);
        labels.setMinWidth(64);
        labels.setPrefWidth(64);
        HBox centre = new HBox(labels, scroll);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        VBox.setVgrow(centre, Priority.ALWAYS);
        setCenter(new VBox(legend(), centre));
        // the diagram fits the width it has: redrawn when the window is resized
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
                // after this layout pass: nodes added inside it were left without their CSS (seen at 1280x720)
                javafx.application.Platform.runLater(() -> {
                    shownKey = "";
                    show(lastEvents);
                });
            }
        });
        show(List.of());
    }

    /** The x of each mark of the model as last drawn (for tests). */
    double[] markXs() {
        return markXs.clone();
    }

    /** The diagram's model as last drawn (for tests). */
    BarrierSpaceTime model() {
        return model;
    }

    /** Shows the barrier events among {@code shownEvents}; redraws only if they changed. */
    void show(List<TraceEvent> shownEvents) {
        lastEvents = shownEvents;
        int count = 0;
        long lastZxid = -1;
        for (TraceEvent e : shownEvents) {
            if (BarrierSpaceTime.isBarrierEvent(e)) {
                count++;
                lastZxid = e.zxid();
            }
        }
        String key = count + "|" + lastZxid;
        if (key.equals(shownKey)) {
            return;
        }
        shownKey = key;
        model = BarrierSpaceTime.of(shownEvents, MAX_EVENTS);
        redraw();
    }

    private void redraw() {
        diagram.getChildren().clear();
        labels.getChildren().clear();
        List<String> lanes = model.lanes();
        if (lanes.isEmpty()) {
            Text empty = new Text(20, 40, "No barrier events yet: arrivals, releases and breaks appear here.");
            empty.getStyleClass().add(Styles.SPACETIME_PROCESS_LABEL);
            diagram.getChildren().add(empty);
            diagram.setPrefSize(600, 80);
            return;
        }
        double viewW = Math.max(400, scroll.getViewportBounds().getWidth());
        double viewH = Math.max(200, scroll.getViewportBounds().getHeight());
        // marks in packed columns (BarrierSpaceTime.slot): fits the viewport's width (no scroll
        // bar) down to 18 px a column, then scrolls; up to 110 px, so that a short run packed
        // into few columns still spreads over a 1920 px stage
        double step = Math.max(18, Math.min(110, (viewW - 2 * LEFT) / (model.slotCount() + 2)));
        double row = Math.max(48, Math.min(150, (viewH - TOP) / lanes.size()));
        double width = LEFT + (model.slotCount() + 1) * step;
        List<BarrierSpaceTime.Mark> marks = model.marks();
        double[] xs = new double[marks.size()];
        double[] ys = new double[marks.size()];
        for (int i = 0; i < marks.size(); i++) {
            xs[i] = LEFT + (model.slot(i) + 1) * step;
            ys[i] = TOP + lanes.indexOf(marks.get(i).participant()) * row;
        }
        List<Node> lines = new ArrayList<>();
        List<Node> bands = new ArrayList<>();
        for (int r = 0; r < lanes.size(); r++) {
            String id = lanes.get(r);
            double y = TOP + r * row;
            for (BarrierSpaceTime.Segment s : model.segmentsOf(id)) {
                // a segment's ends are columns, each one mark's (column i is mark i)
                double x1 = s.from() == 0 ? LEFT - 10 : LEFT + (model.slot(s.from()) + 1) * step;
                double x2 = s.to() < 0 ? width : LEFT + (model.slot(s.to()) + 1) * step;
                Line l = new Line(x1, y, x2, y);
                l.getStyleClass().add(LANE);
                lines.add(l);
            }
            Text t = new Text(8, y + 8, id);
            t.getStyleClass().add(Styles.SPACETIME_PROCESS_LABEL);
            labels.getChildren().add(t);
        }
        // a band from each arrival or leave to what ended its wait: the participant waits on a watch
        for (int i = 0; i < marks.size(); i++) {
            BarrierSpaceTime.Mark m = marks.get(i);
            if (m.kind() != BarrierSpaceTime.Kind.ARRIVE && m.kind() != BarrierSpaceTime.Kind.LEAVE) {
                continue;
            }
            double end = width;
            for (int j = i + 1; j < marks.size(); j++) {
                if (marks.get(j).participant().equals(m.participant())) {
                    end = xs[j];
                    break;
                }
            }
            Rectangle band = new Rectangle(xs[i], ys[i] - 7, Math.max(0, end - xs[i]), 14);
            band.getStyleClass().add(WAIT);
            band.setMouseTransparent(true);
            bands.add(band);
        }
        List<Node> arrows = new ArrayList<>();
        List<Node> scopes = new ArrayList<>();
        java.util.Set<Integer> labelled = new java.util.HashSet<>();
        List<Integer> labelAt = new ArrayList<>();
        for (BarrierSpaceTime.Notification n : model.notifications()) {
            if (labelled.add(n.from()) && !marks.get(n.from()).scope().isEmpty()) {
                BarrierSpaceTime.Mark from = marks.get(n.from());
                Text s = new Text(BarrierSpaceTime.shortScope(from.scope()) + " g" + from.gen());
                s.getStyleClass().add(SCOPE);
                s.setMouseTransparent(true);
                scopes.add(s);
                labelAt.add(n.from());
            }
            if (marks.get(n.from()).participant().equals(marks.get(n.to()).participant())) {
                continue; // the last arrival released itself: no arrow along its own lane
            }
            arrows.addAll(arrow(xs[n.from()], ys[n.from()], xs[n.to()], ys[n.to()], n.broke() ? BROKE : WAKE));
        }
        diagram.getChildren().addAll(bands);
        diagram.getChildren().addAll(lines);
        diagram.getChildren().addAll(arrows);
        for (int i = 0; i < marks.size(); i++) {
            Node mark = mark(marks.get(i).kind(), marks.get(i).waited(), xs[i], ys[i]);
            Tooltip.install(mark, new Tooltip(marks.get(i).describe()));
            diagram.getChildren().add(mark);
        }
        diagram.getChildren().addAll(scopes);
        placeLabels(scopes, labelAt, xs, ys);
        diagram.setPrefSize(width + step / 2, TOP + (lanes.size() - 0.5) * row);
        markXs = xs;
        scroll.layout();
        scroll.setHvalue(scroll.getHmax()); // newest events in view
    }

    /**
     * Puts each barrier label above its mark, or below the lane when it would run into the
     * lane's previous label. Measured in the label's CSS font (larger in the projector theme),
     * at least a bound for the default theme's bold font: off-scene, no CSS applies.
     */
    private void placeLabels(List<Node> scopes, List<Integer> labelAt, double[] xs, double[] ys) {
        diagram.applyCss();
        java.util.Map<String, Double> labelEnd = new java.util.HashMap<>();
        for (int i = 0; i < scopes.size(); i++) {
            Text s = (Text) scopes.get(i);
            int m = labelAt.get(i);
            String lane = model.marks().get(m).participant();
            double w = Math.max(s.getLayoutBounds().getWidth(), s.getText().length() * 8.8);
            double x = xs[m] - 8;
            boolean below = x < labelEnd.getOrDefault(lane + "^", -1.0);
            if (below && x < labelEnd.getOrDefault(lane + "v", -1.0)) {
                below = false; // both sides taken: above, where the mark's tooltip still names it
            }
            s.setX(x);
            s.setY(below ? ys[m] + 26 : ys[m] - 14);
            labelEnd.put(lane + (below ? "v" : "^"), x + w + 6);
        }
    }

    private static List<Node> arrow(double x1, double y1, double x2, double y2, String style) {
        Line l = new Line(x1, y1, x2, y2);
        l.getStyleClass().add(style);
        l.setMouseTransparent(true);
        double ang = Math.atan2(y2 - y1, x2 - x1);
        double tipX = x2 - Math.cos(ang) * 9;
        double tipY = y2 - Math.sin(ang) * 9;
        Polygon head = new Polygon(
                tipX,
                tipY,
                tipX - Math.cos(ang - 0.45) * 13,
                tipY - Math.sin(ang - 0.45) * 13,
                tipX - Math.cos(ang + 0.45) * 13,
                tipY - Math.sin(ang + 0.45) * 13);
        head.getStyleClass().add(style);
        head.setMouseTransparent(true);
        return List.of(l, head);
    }

    /** The mark of {@code kind} centred at (x, y); the legend draws the same at (0, 0). */
    static Node mark(BarrierSpaceTime.Kind kind, boolean waited, double x, double y) {
        Node n =
                switch (kind) {
                    case ARRIVE, BROKEN -> new Circle(x, y, 8);
                    case RELEASE -> new Circle(x, y, 8);
                    case LEAVE -> new Rectangle(x - 7, y - 7, 14, 14);
                    case BREAK -> new Polygon(x, y - 11, x + 11, y, x, y + 11, x - 11, y);
                    case DEATH -> {
                        Text cross = new Text("\u2715");
                        cross.setX(x - 10);
                        cross.setY(y + 11);
                        yield cross;
                    }
                    case EXIT -> new Line(x, y - 15, x, y + 15);
                    case RESTART -> new Polygon(x - 8, y - 11, x + 10, y, x - 8, y + 11);
                };
        n.getStyleClass().addAll(MARK, styleOf(kind, waited));
        return n;
    }

    static String styleOf(BarrierSpaceTime.Kind kind, boolean waited) {
        String s = "bst-" + kind.name().toLowerCase(java.util.Locale.ROOT);
        return kind == BarrierSpaceTime.Kind.RELEASE && !waited ? s + "-direct" : s;
    }

    private static FlowPane legend() {
        FlowPane legend = new FlowPane();
        legend.setId("barrier-spacetime-legend");
        legend.getStyleClass().add(Styles.CLASSIC_LEGEND);
        legend.setHgap(18);
        legend.setVgap(4);
        legend.getChildren()
                .addAll(
                        item(mark(BarrierSpaceTime.Kind.ARRIVE, true, 0, 0), "arrival: its znode written, watch set"),
                        item(waitSwatch(), "waiting on the watch"),
                        item(mark(BarrierSpaceTime.Kind.RELEASE, true, 0, 0), "released: the watch fired"),
                        item(
                                mark(BarrierSpaceTime.Kind.RELEASE, false, 0, 0),
                                "released without waiting (the last to arrive)"),
                        item(arrowSwatch(WAKE), "notification: last arrival \u2192 release"),
                        item(mark(BarrierSpaceTime.Kind.LEAVE, true, 0, 0), "leave: its znode deleted"),
                        item(mark(BarrierSpaceTime.Kind.BREAK, true, 0, 0), "broke the generation"),
                        item(mark(BarrierSpaceTime.Kind.BROKEN, true, 0, 0), "call failed: generation broken"),
                        item(arrowSwatch(BROKE), "break \u2192 who it broke"),
                        item(mark(BarrierSpaceTime.Kind.DEATH, true, 0, 0), "killed"),
                        item(mark(BarrierSpaceTime.Kind.EXIT, true, 0, 0), "exited"),
                        item(mark(BarrierSpaceTime.Kind.RESTART, true, 0, 0), "restarted"),
                        item(scopeSwatch(), "barrier and generation, at its last arrival or break"));
        return legend;
    }

    private static Node waitSwatch() {
        Rectangle r = new Rectangle(0, 0, 28, 14);
        r.getStyleClass().add(WAIT);
        return r;
    }

    private static Node arrowSwatch(String style) {
        Group g = new Group();
        g.getChildren().addAll(arrow(0, 0, 30, 0, style));
        return g;
    }

    private static Node scopeSwatch() {
        Text t = new Text("stroke g1");
        t.getStyleClass().add(SCOPE);
        return t;
    }

    private static Label item(Node swatch, String text) {
        swatch.setMouseTransparent(true);
        Label l = new Label(text, swatch);
        l.setGraphicTextGap(6);
        return l;
    }
}
