package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ClassicState;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The classic algorithms view: a space-time diagram (one line per process, message arrows,
 * Lamport clocks on events, the mutex's critical sections as bands on their holder's line, an
 * end mark where a process exited or died; click an event to highlight its causal past) with a
 * legend of its colours, and a panel with the current leader, elections in progress, the mutex
 * holder and its queue. FX thread only.
 */
final class ClassicView extends BorderPane {

    static final int MAX_EVENTS = 400;
    private static final double ROW = 70;
    private static final double STEP = 46;
    private static final double LEFT = 20;
    private static final double TOP = 40;

    private final Pane diagram = new Pane();
    private final Label leader = new Label();
    private final Label elections = new Label();
    private final Label holder = new Label();
    private final Label queue = new Label();
    private final Label clocks = new Label();
    private final Label selected = new Label("Click an event to see its causal past.");
    private final List<Circle> eventNodes = new ArrayList<>();
    private final ScrollPane scroll;
    private final Pane labels = new Pane();
    private SpaceTime model;
    private String shownKey = "";

    ClassicView() {
        setId("classic-view");
        scroll = new ScrollPane(new Group(diagram));
        scroll.setPannable(false);
        // process names stay in view while the diagram scrolls to the newest events
        labels.setMinWidth(56);
        labels.setPrefWidth(56);
        HBox centre = new HBox(labels, scroll);
        HBox.setHgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(centre, javafx.scene.layout.Priority.ALWAYS);
        setCenter(new VBox(SpaceTimeLegend.create(), centre));
        Label title = new Label("Leader, elections, mutex");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        leader.setId("classic-leader");
        holder.setId("classic-mutex");
        VBox side = new VBox(10, title, leader, elections, holder, queue, clocks, selected);
        side.getStyleClass().add(Styles.CLASSIC_PANEL);
        side.setPadding(new Insets(12));
        side.setPrefWidth(300);
        selected.setId("classic-selected");
        for (Label l : List.of(leader, elections, holder, queue, clocks, selected)) {
            l.setWrapText(true);
        }
        setRight(side);
        show(RunState.EMPTY, List.of());
    }

    void show(RunState state, List<TraceEvent> shownEvents) {
        ClassicState c = state.classic();
        leader.setText("Leader: " + (c.leader().isEmpty() ? "none yet" : c.leader()));
        elections.setText("Elections in progress: "
                + (c.electionsInProgress().isEmpty() ? "none" : String.join(", ", sorted(c.electionsInProgress()))));
        holder.setText("Mutex holder: " + (c.mutexHolder().isEmpty() ? "free" : c.mutexHolder()));
        queue.setText("Mutex queue: " + (c.mutexQueue().isEmpty() ? "empty" : String.join(" \u2192 ", c.mutexQueue())));
        StringBuilder sb = new StringBuilder("Lamport clocks:");
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(c.clocks()).entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(": ").append(e.getValue());
        }
        clocks.setText(sb.toString());
        int classicCount = 0;
        for (TraceEvent e : shownEvents) {
            if (SpaceTime.isClassic(e)) {
                classicCount++;
            }
        }
        // Redrawn when the diagram's events, the critical sections or an end of a process change.
        String key = classicCount + "|" + c.sections() + "|" + ends(state);
        if (!key.equals(shownKey)) {
            shownKey = key;
            redraw(SpaceTime.of(shownEvents, MAX_EVENTS), state);
        }
    }

    /** The processes that have ended, with how: {@code p1=exited, p2=died}. */
    private static Map<String, Boolean> ends(RunState state) {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        for (ParticipantState p : state.participants().values()) {
            if (!p.alive()) {
                out.put(p.id(), p.dead());
            }
        }
        return out;
    }

    private static List<String> sorted(java.util.Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(org.barrierlab.runmodel.state.NaturalOrder.INSTANCE);
        return l;
    }

    private void redraw(SpaceTime st, RunState state) {
        model = st;
        diagram.getChildren().clear();
        labels.getChildren().clear();
        eventNodes.clear();
        List<String> procs = st.processes();
        double width = LEFT + (st.events().size() + 1) * STEP;
        if (procs.isEmpty()) {
            Text empty = new Text(20, 40, "No classic-algorithm events yet (send, receive, election, mutex).");
            empty.getStyleClass().add(Styles.SPACETIME_PROCESS_LABEL);
            diagram.getChildren().add(empty);
            return;
        }
        int[] lastOf = new int[procs.size()];
        java.util.Arrays.fill(lastOf, -1);
        Map<Long, Integer> byZxid = new java.util.HashMap<>();
        for (int i = 0; i < st.events().size(); i++) {
            lastOf[procs.indexOf(st.events().get(i).participant())] = i;
            byZxid.put(st.events().get(i).zxid(), i);
        }
        Map<String, Boolean> ended = ends(state);
        for (int i = 0; i < procs.size(); i++) {
            double y = TOP + i * ROW;
            String id = procs.get(i);
            // an ended process's line stops at its end mark, just after its last event
            double end = ended.containsKey(id) ? LEFT + (lastOf[i] + 1.5) * STEP : width;
            Line l = new Line(LEFT - 10, y, end, y);
            l.getStyleClass().add(Styles.SPACETIME_PROCESS);
            Text t = new Text(8, y + 8, procs.get(i));
            t.getStyleClass().add(Styles.SPACETIME_PROCESS_LABEL);
            diagram.getChildren().add(l);
            labels.getChildren().add(t);
            if (ended.containsKey(id)) {
                diagram.getChildren().add(endMark(id, end, y, ended.get(id)));
            }
        }
        for (ClassicState.Section sec : state.classic().sections()) {
            int row = procs.indexOf(sec.participant());
            if (row < 0) {
                continue;
            }
            Integer from = byZxid.get(sec.from());
            Integer to = sec.to() > 0 ? byZxid.get(sec.to()) : null;
            double x1 = from == null ? LEFT - 10 : LEFT + (from + 1) * STEP; // acquired before the shown window
            double x2 = to != null
                    ? LEFT + (to + 1) * STEP
                    : sec.ended() ? LEFT + (lastOf[row] + 1.5) * STEP : width; // cut short, or still held
            Rectangle band = new Rectangle(x1, TOP + row * ROW - 16, Math.max(8, x2 - x1), 32);
            band.setId("section-" + sec.request());
            band.getStyleClass().add(Styles.SPACETIME_SECTION);
            if (sec.ended()) {
                band.getStyleClass().add(Styles.SPACETIME_SECTION_CUT);
            }
            band.setMouseTransparent(true);
            diagram.getChildren().add(band);
        }
        List<double[]> pos = new ArrayList<>();
        for (int i = 0; i < st.events().size(); i++) {
            TraceEvent e = st.events().get(i);
            pos.add(new double[] {LEFT + (i + 1) * STEP, TOP + procs.indexOf(e.participant()) * ROW});
        }
        for (SpaceTime.Message m : st.messages()) {
            double[] a = pos.get(m.send());
            double[] b = pos.get(m.receive());
            Line l = new Line(a[0], a[1], b[0], b[1]);
            l.getStyleClass().add(Styles.SPACETIME_MESSAGE);
            double ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
            double tipX = b[0] - Math.cos(ang) * 11;
            double tipY = b[1] - Math.sin(ang) * 11;
            Polygon head = new Polygon(
                    tipX,
                    tipY,
                    tipX - Math.cos(ang - 0.4) * 14,
                    tipY - Math.sin(ang - 0.4) * 14,
                    tipX - Math.cos(ang + 0.4) * 14,
                    tipY - Math.sin(ang + 0.4) * 14);
            head.getStyleClass().add(Styles.SPACETIME_MESSAGE);
            diagram.getChildren().addAll(l, head);
        }
        for (int i = 0; i < st.events().size(); i++) {
            TraceEvent e = st.events().get(i);
            double[] p = pos.get(i);
            Circle c = new Circle(p[0], p[1], 9);
            c.getStyleClass().addAll(Styles.SPACETIME_EVENT, "st-" + e.type());
            int index = i;
            c.setOnMousePressed(ev -> highlight(index));
            eventNodes.add(c);
            String clock = e.attr("clock");
            if (clock != null) {
                Text t = new Text(p[0] - 6, p[1] - 14, clock);
                t.getStyleClass().add(Styles.SPACETIME_CLOCK);
                diagram.getChildren().add(t);
            }
            diagram.getChildren().add(c);
        }
        diagram.setPrefSize(width + STEP, TOP + procs.size() * ROW);
        scroll.layout();
        scroll.setHvalue(scroll.getHmax()); // newest events in view
    }

    /** A red cross where a process died, a bar where it exited. */
    private static javafx.scene.Node endMark(String id, double x, double y, boolean died) {
        javafx.scene.Node mark;
        if (died) {
            Text cross = new Text(x - 10, y + 11, "\u2715");
            cross.getStyleClass().add(Styles.SPACETIME_END_DEAD);
            mark = cross;
        } else {
            Line bar = new Line(x, y - 16, x, y + 16);
            bar.getStyleClass().add(Styles.SPACETIME_END_EXIT);
            mark = bar;
        }
        mark.setId("end-" + id);
        Tooltip.install(mark, new Tooltip(id + (died ? " died here" : " exited here")));
        return mark;
    }

    private static String describe(TraceEvent e) {
        String clock = e.attr("clock");
        return e.participant() + " " + e.type() + (e.attr("msg") != null ? " " + e.attr("msg") : "")
                + (clock != null ? " @" + clock : "");
    }

    /** Highlights the causal past of event {@code index} of the diagram. */
    void highlight(int index) {
        BitSet past = model.causalPast(index);
        selected.setText("Selected: " + describe(model.events().get(index)) + "\ncausal past: "
                + (past.cardinality() - 1) + " events (blue)");
        for (int i = 0; i < eventNodes.size(); i++) {
            Circle c = eventNodes.get(i);
            c.getStyleClass().removeAll(Styles.SPACETIME_CAUSAL, Styles.SPACETIME_SELECTED);
            if (i == index) {
                c.getStyleClass().add(Styles.SPACETIME_SELECTED);
            } else if (past.get(i)) {
                c.getStyleClass().add(Styles.SPACETIME_CAUSAL);
            }
        }
    }
}
