package org.barrierlab.visualizer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ClassicState;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.RunControl;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.source.SourceBatch;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.viewmodel.EventFunnel;
import org.barrierlab.visualizer.viewmodel.FrameStats;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visualizer's window content: presenter bar, barriers view, classic-algorithms view, znode
 * inspector, participants panel, timeline and event log. It renders only from the event stream
 * of the attached {@link EventSource} (live or replay: the same path). Events reach the FX
 * thread through one {@link EventFunnel}, drained once per pulse by an {@link AnimationTimer}
 * which also moves the tokens. Construct, use and close on the FX thread.
 *
 * <pre>{@code
 * VisualizerWindow window = new VisualizerWindow(null);
 * stage.setScene(window.createScene(1400, 900));
 * window.attach(ReplaySource.paced(ReplaySource.read(file), file.toString()));
 * stage.show();
 * }</pre>
 */
public final class VisualizerWindow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VisualizerWindow.class);

    private final RunViewModel vm = new RunViewModel();
    private final EventFunnel funnel = new EventFunnel();
    private final FrameStats stats = new FrameStats();
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> daemon(r, "viz-control"));
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> daemon(r, "viz-inspector"));
    private final RunStarter starter;
    private final BarrierView barrierView = new BarrierView(this::onFault);
    private final Group barrierGroup = new Group(barrierView);
    private final ScrollPane barrierScroll = new ScrollPane(barrierGroup);
    private final ClassicView classicView = new ClassicView();
    private final ZnodeInspector inspector = new ZnodeInspector(background);
    private final TableView<ParticipantState> participants = new TableView<>();
    private final ListView<TraceEvent> logView = new ListView<>();
    private final Slider timeline = new Slider(0, 0, 0);
    private final Label position = new Label();
    private final Label caption = new Label();
    private final Label title = new Label();
    private final Label status = new Label();
    // log2 of the speed factor: the presentation pace (0.1x) and 4x both get room on the slider
    private final Slider speed = new Slider(log2(PresenterViewModel.MIN_SPEED), log2(PresenterViewModel.MAX_SPEED), 0);
    private final PresenterViewModel presenter;
    private final Label storyLabel = new Label();
    private final Label heldBanner = new Label();
    private final Label verdictLabel = new Label();
    private final Label verdictExplanation = new Label();
    private final VBox verdictBanner = new VBox(4, verdictLabel, verdictExplanation);
    private boolean updatingSpeed;
    private final SplitPane centre = new SplitPane();
    private VBox participantsPane;
    private final ToggleButton participantsToggle = new ToggleButton("Participants");
    private final ToggleButton logToggle = new ToggleButton("Log");
    private final StackPane root = new StackPane();
    private final BorderPane main = new BorderPane();
    private final VBox help = new VBox();
    private final TabPane tabs = new TabPane();
    private final Tab znodeTab = new Tab("Znodes");
    private final List<TraceEvent> awaitingScreen = new ArrayList<>();
    private final Timeline inspectorRefresh;
    private EventSource source;
    private RunStarter.StartedRun startedRun;
    private boolean liveLatency;
    private boolean replay;
    private boolean tabChosen;
    private boolean dirty = true;
    private boolean updatingTimeline;
    private int zoomIndex = 3;
    private long lastPulse;
    private long lastPanels;
    private boolean panelsDirty = true;
    private static final long PANEL_INTERVAL_NANOS = 100_000_000L;
    private final Tab classicTab = new Tab("Classic algorithms");
    private final AnimationTimer pump = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };

    /** A window; {@code starter} (may be null) enables "New run" from the window. */
    public VisualizerWindow(RunStarter starter) {
        this.starter = starter;
        this.presenter = new PresenterViewModel(this::control, control, Platform::runLater);
        root.getStyleClass().addAll(Styles.ROOT, Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        root.setId("visualizer-root");
        buildMain();
        buildHelp();
        root.getChildren().addAll(main, help);
        vm.stateProperty().addListener((o, a, b) -> dirty = true);
        vm.presenceProperty().addListener((o, a, b) -> dirty = true);
        vm.positionProperty().addListener((o, a, b) -> onPosition());
        vm.eventCountProperty().addListener((o, a, b) -> onPosition());
        vm.statusProperty().addListener((o, a, b) -> status.setText(b));
        vm.sourceDescriptionProperty().addListener((o, a, b) -> title.setText(b));
        presenter.statusProperty().addListener((o, a, b) -> status.setText(b));
        bindBanners();
        inspectorRefresh = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            if (znodeTab.isSelected()) {
                inspector.refresh();
            }
        }));
        inspectorRefresh.setCycleCount(Timeline.INDEFINITE);
        inspectorRefresh.play();
        pump.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- building

    private void buildMain() {
        // presenter bar
        Button newRun = button("New run\u2026", "new-run", "Start a scenario run (launcher)", this::showStartDialog);
        newRun.setDisable(starter == null);
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
        Button save = button(
                "Save run\u2026", "save-run", "Save the run as a JSON-lines recording", this::chooseSaveRecording);
        Button png =
                button("Export PNG\u2026", "export-png", "Export the current view as a PNG", this::chooseExportPng);
        Button helpButton = button("?", "help", "Keys and controls (?)", this::toggleHelp);
        title.setId("source-title");
        ToolBar bar = new ToolBar(
                newRun,
                new Separator(),
                start,
                pause,
                step,
                cont,
                speedLabel,
                speed,
                new Separator(),
                save,
                png,
                helpButton);
        bar.getStyleClass().add(Styles.TOOLBAR);
        caption.setId("caption");
        caption.getStyleClass().add(Styles.CAPTION);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setVisible(false);
        caption.setManaged(false);
        storyLabel.setId("story");
        storyLabel.getStyleClass().add(Styles.STORY);
        storyLabel.setWrapText(true);
        storyLabel.setMaxWidth(Double.MAX_VALUE);
        heldBanner.setId("held-banner");
        heldBanner.getStyleClass().add(Styles.HELD_BANNER);
        heldBanner.setMaxWidth(Double.MAX_VALUE);
        verdictBanner.setId("verdict-banner");
        verdictBanner.getStyleClass().add(Styles.VERDICT_BANNER);
        verdictBanner.setMaxWidth(Double.MAX_VALUE);
        verdictLabel.setId("verdict");
        verdictLabel.getStyleClass().add(Styles.VERDICT_LINE);
        verdictLabel.setWrapText(true);
        verdictExplanation.setId("verdict-explanation");
        verdictExplanation.getStyleClass().add(Styles.VERDICT_EXPLANATION);
        verdictExplanation.setWrapText(true);
        main.setTop(new VBox(bar, storyLabel, heldBanner, verdictBanner, caption));

        // centre: tabs + participants
        barrierScroll.setId("barrier-scroll");
        // the drawing is always laid out for the viewport's width (and shrunk to its height if it
        // can): a horizontal bar would only appear for a moment while the viewport changes, and
        // taking it away would change the viewport again
        barrierScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        barrierScroll.viewportBoundsProperty().addListener((o, a, b) -> relayoutWidth());
        Tab barriers = new Tab("Barriers", barrierScroll);
        Tab classic = classicTab;
        classic.setContent(classicView);
        classic.selectedProperty().addListener((o, a, b) -> panelsDirty = true);
        znodeTab.setContent(inspector);
        znodeTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                inspector.refresh();
            }
        });
        for (Tab t : List.of(barriers, classic, znodeTab)) {
            t.setClosable(false);
        }
        tabs.getTabs().addAll(barriers, classic, znodeTab);
        tabs.setId("tabs");
        buildParticipants();
        Label ptitle = new Label("Participants");
        ptitle.getStyleClass().add(Styles.PANEL_TITLE);
        VBox side = new VBox(6, ptitle, participants);
        side.setPadding(new Insets(6));
        VBox.setVgrow(participants, Priority.ALWAYS);
        participantsPane = side;
        centre.getItems().add(tabs);
        centre.setId("centre");
        main.setCenter(centre);

        // bottom: timeline + log
        timeline.setId("timeline");
        timeline.setBlockIncrement(1);
        timeline.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(timeline, Priority.ALWAYS);
        timeline.valueProperty().addListener((o, a, b) -> {
            if (updatingTimeline) {
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
        Button live = button("Live", "live", "Follow the live run again (End)", vm::followLive);
        HBox tl = new HBox(10, new Label("Timeline"), timeline, position, live);
        tl.setAlignment(Pos.CENTER_LEFT);
        tl.setPadding(new Insets(4, 8, 4, 8));
        logView.setId("event-log");
        logView.setItems(vm.log());
        logView.setPrefHeight(170);
        logView.setCellFactory(lv -> new LogCell());
        logView.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updatingTimeline
                    && b.intValue() >= 0
                    && b.intValue() + 1 != vm.positionProperty().get()) {
                vm.scrubTo(b.intValue() + 1);
            }
        });
        status.setId("status");
        status.getStyleClass().add(Styles.STATUS);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox statusBar = new HBox(16, status, gap, title);
        statusBar.getStyleClass().add(Styles.STATUS);
        // the stage gets the room: the participants table and the event log open on demand
        participantsToggle.setId("toggle-participants");
        participantsToggle.setTooltip(new Tooltip("Show or hide the participants table (t)"));
        participantsToggle.setFocusTraversable(false);
        participantsToggle.selectedProperty().addListener((o, a, b) -> showParticipants(b));
        logToggle.setId("toggle-log");
        logToggle.setTooltip(new Tooltip("Show or hide the event log (l)"));
        logToggle.setFocusTraversable(false);
        logView.visibleProperty().bind(logToggle.selectedProperty());
        logView.managedProperty().bind(logToggle.selectedProperty());
        tl.getChildren().addAll(participantsToggle, logToggle);
        main.setBottom(new VBox(tl, logView, statusBar));
        updatePosition();
    }

    private void buildParticipants() {
        participants.setId("participants");
        participants.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        participants.getColumns().add(column("id", ParticipantState::id));
        participants.getColumns().add(column("host", ParticipantState::host));
        participants.getColumns().add(column("state", ParticipantState::stateText));
        participants.getColumns().add(column("barrier", p -> shortScope(p.scope())));
        participants.getColumns().add(column("gen", p -> p.generation() < 0 ? "" : String.valueOf(p.generation())));
        participants.getColumns().add(column("wake-ups", p -> String.valueOf(p.wakeups())));
        participants.getColumns().add(column("alive", p -> p.alive() ? "alive" : p.dead() ? "DEAD" : p.exitText()));
        participants.setRowFactory(tv -> {
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
                    ContextMenu m = barrierView.contextMenu(row.getItem().id());
                    m.show(row, e.getScreenX(), e.getScreenY());
                }
            });
            return row;
        });
    }

    private void showParticipants(boolean show) {
        if (show && !centre.getItems().contains(participantsPane)) {
            centre.getItems().add(participantsPane);
            centre.setDividerPositions(0.72);
        } else if (!show) {
            centre.getItems().remove(participantsPane);
        }
    }

    private static String shortScope(String scope) {
        return scope.startsWith("/barriers/") ? scope.substring("/barriers/".length()) : scope;
    }

    private static TableColumn<ParticipantState, String> column(
            String name, java.util.function.Function<ParticipantState, String> value) {
        TableColumn<ParticipantState, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    private void buildHelp() {
        help.setId("help-overlay");
        help.getStyleClass().add(Styles.HELP_OVERLAY);
        help.setAlignment(Pos.CENTER);
        Label text = new Label(String.join(
                "\n",
                "Keys",
                "",
                "space or .      start a held run; then grant one step (step mode)",
                "p                    pause the participants",
                "\u2190 / \u2192              scrub the timeline (shift: 10 events)",
                "Home / End       first event / follow live",
                "F11                full screen",
                "Ctrl Q            close the window (ends demo)",
                "z                    zoom the stage to fit",
                "t / l                show or hide the participants table / the event log",
                "Ctrl + / Ctrl -   zoom in / out (Ctrl 0: 100%)",
                "?                    this help (Esc closes)",
                "",
                "Right-click a participant: kill (SIGKILL) or restart its JVM.",
                "Token colour = the barrier generation it last took part in.",
                "Red barrier = broken generation, with the reason."));
        text.getStyleClass().add(Styles.HELP_TEXT);
        help.getChildren().add(text);
        help.setVisible(false);
        help.setOnMouseClicked(e -> help.setVisible(false));
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    // ---------------------------------------------------------------- scene and keys

    /** A scene with the theme and the presenter keys. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Styles.themeUrl());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if ("?".equals(e.getCharacter())) {
                toggleHelp();
                e.consume();
            }
        });
        return scene;
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (e.isShortcutDown() || e.isControlDown()) {
            if (k == KeyCode.Q) {
                if (root.getScene() != null && root.getScene().getWindow() != null) {
                    root.getScene().getWindow().hide();
                }
                e.consume();
            } else if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) {
                zoom(+1);
                e.consume();
            } else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
                zoom(-1);
                e.consume();
            } else if (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0) {
                zoom(3 - zoomIndex);
                e.consume();
            }
            return;
        }
        switch (k) {
            case SPACE, PERIOD -> presenter.startOrStep();
            case P -> presenter.pause();
            case LEFT -> vm.scrubBy(e.isShiftDown() ? -10 : -1);
            case RIGHT -> {
                if (replay && vm.followingProperty().get() && !e.isShiftDown()) {
                    presenter.step(); // at the newest event of a replay: deliver one more
                } else {
                    vm.scrubBy(e.isShiftDown() ? 10 : 1);
                }
            }
            case HOME -> vm.scrubTo(0);
            case END -> vm.followLive();
            case F11 -> {
                if (root.getScene() != null && root.getScene().getWindow() instanceof Stage stage) {
                    stage.setFullScreen(!stage.isFullScreen());
                }
            }
            case ESCAPE -> help.setVisible(false);
            case T -> participantsToggle.setSelected(!participantsToggle.isSelected());
            case L -> logToggle.setSelected(!logToggle.isSelected());
            case Z -> barrierView.fitToStage();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Shows the tab {@code barriers}, {@code classic} or {@code znodes}. */
    public void selectTab(String name) {
        switch (name) {
            case "barriers" -> tabs.getSelectionModel().select(0);
            case "classic" -> tabs.getSelectionModel().select(1);
            case "znodes" -> tabs.getSelectionModel().select(2);
            default -> throw new IllegalArgumentException("tab must be barriers, classic or znodes, was " + name);
        }
    }

    /** Changes the zoom level by {@code delta} steps (Ctrl +/-). */
    public void zoom(int delta) {
        int next = Math.max(0, Math.min(Styles.ZOOM_LEVELS.length - 1, zoomIndex + delta));
        root.getStyleClass().remove(Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        zoomIndex = next;
        root.getStyleClass().add(Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        relayoutWidth();
        vm.setStatus("zoom " + Styles.ZOOM_LEVELS[zoomIndex] + "%");
    }

    /** The current zoom in percent. */
    public int zoomPercent() {
        return Styles.ZOOM_LEVELS[zoomIndex];
    }

    private void relayoutWidth() {
        double scale = Styles.ZOOM_LEVELS[zoomIndex] / 100.0;
        double w = barrierScroll.getViewportBounds().getWidth();
        double h = barrierScroll.getViewportBounds().getHeight();
        if (w > 0) {
            barrierView.setViewport(w, h, scale);
        }
    }

    void toggleHelp() {
        help.setVisible(!help.isVisible());
        if (help.isVisible()) {
            help.toFront();
        }
    }

    /** True while the help overlay is shown. */
    public boolean helpVisible() {
        return help.isVisible();
    }

    // ---------------------------------------------------------------- sources and controls

    /** Shows the run of {@code newSource} (closing the previous source), starting it. */
    public void attach(EventSource newSource) {
        attach(newSource, null);
    }

    /** As {@link #attach(EventSource)}, also closing {@code run} when the view moves on. */
    public void attach(EventSource newSource, RunStarter.StartedRun run) {
        Objects.requireNonNull(newSource, "newSource");
        closeSource();
        funnel.drain();
        vm.reset();
        presenter.reset();
        awaitingScreen.clear();
        source = newSource;
        startedRun = run;
        liveLatency = newSource instanceof ZkEventSource;
        replay = newSource instanceof ReplaySource;
        tabChosen = System.getProperty("barrierlab.visualizer.tab") != null;
        barrierView.setFaultsEnabled(newSource.control().supportsFaults());
        vm.setSourceDescription(newSource.describe());
        title.setText(newSource.describe());
        inspector.setTarget(() -> {
            if (source instanceof ZkEventSource zs && zs.layout().isPresent()) {
                String r = zs.layout().get().root();
                return new ZnodeInspector.Target() {
                    @Override
                    public org.apache.zookeeper.ZooKeeper zk() {
                        return zs.zooKeeper();
                    }

                    @Override
                    public String root() {
                        return r;
                    }
                };
            }
            return null;
        });
        EventSource s = newSource;
        newSource.start(batch -> {
            if (source == s) {
                funnel.offer(batch);
            }
        });
        dirty = true;
    }

    /**
     * Opens the replay player on a recording: the same path as a live run (a paced source, the
     * same keys), waiting at event 0 for space or Start; a cut-off recording says so in the
     * banner.
     */
    public ReplaySource play(Recording recording) {
        ReplaySource r = ReplaySource.paced(recording.events(), recording.name());
        r.pause();
        attach(r);
        presenter.hold(
                "Replay of " + recording.name() + ", " + recording.events().size()
                        + " events: press space or \u25b6 Start to play"
                        + recording.warning().map(w -> ". Warning: " + w).orElse(""));
        return r;
    }

    /** The attached source's controls. */
    public RunControl control() {
        EventSource s = source;
        return s == null ? RunControl.NONE : s.control();
    }

    private void sendSpeed() {
        if (!updatingSpeed) {
            presenter.setSpeed(Math.pow(2, speed.getValue()));
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private void onFault(BarrierView.FaultRequest r) {
        if ("kill".equals(r.action())) {
            presenter.send("kill " + r.participant(), c -> c.kill(r.participant()));
        } else {
            presenter.send("restart " + r.participant(), c -> c.restart(r.participant()));
        }
    }

    private void bindBanners() {
        storyLabel.textProperty().bind(presenter.storyProperty());
        showWhenNotEmpty(storyLabel);
        heldBanner.textProperty().bind(presenter.heldMessageProperty());
        heldBanner.setWrapText(true);
        heldBanner.visibleProperty().bind(presenter.heldProperty());
        heldBanner.managedProperty().bind(presenter.heldProperty());
        verdictLabel.textProperty().bind(presenter.verdictLineProperty());
        verdictExplanation.textProperty().bind(presenter.verdictExplanationProperty());
        showWhenNotEmpty(verdictExplanation);
        verdictBanner.visibleProperty().bind(presenter.verdictLineProperty().isNotEmpty());
        verdictBanner.managedProperty().bind(verdictBanner.visibleProperty());
        presenter.verdictLineProperty().addListener((o, a, b) -> {
            for (String outcome : List.of("PASS", "FAIL", "HUNG", "BROKEN")) {
                verdictBanner.pseudoClassStateChanged(
                        Styles.pseudo("verdict-" + outcome.toLowerCase(java.util.Locale.ROOT)),
                        outcome.equals(presenter.verdictOutcome()));
            }
        });
        presenter.titleProperty().addListener((o, a, b) -> title.setText(b));
    }

    private static void showWhenNotEmpty(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    private void showStartDialog() {
        if (starter == null) {
            return;
        }
        StartRunDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), starter.scenarios())
                .ifPresent(choice -> {
                    vm.setStatus(
                            "starting " + choice.scenario() + " with " + choice.participants() + " participants\u2026");
                    control.execute(() -> {
                        try {
                            RunStarter.StartedRun run =
                                    starter.start(choice.scenario(), choice.participants(), choice.connectString());
                            Platform.runLater(() -> attach(run.source(), run));
                        } catch (ControlException | RuntimeException ex) {
                            LOG.warn("Could not start the run: {}", ex.getMessage());
                            Platform.runLater(() -> vm.setStatus("could not start: " + ex.getMessage()));
                        }
                    });
                });
    }

    // ---------------------------------------------------------------- export

    private void chooseSaveRecording() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the run as JSON lines");
        fc.setInitialFileName("run.jsonl");
        java.io.File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            try {
                saveRecording(f.toPath());
                vm.setStatus("saved " + vm.allEvents().size() + " events to " + f);
            } catch (IOException ex) {
                vm.setStatus("could not save: " + ex.getMessage());
            }
        }
    }

    /** Writes every event seen so far as a JSON-lines recording (the launcher's format). */
    public void saveRecording(Path file) throws IOException {
        ReplaySource.write(file, vm.allEvents());
    }

    private void chooseExportPng() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the view as PNG");
        fc.setInitialFileName("barrierlab.png");
        java.io.File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            try {
                exportPng(f.toPath());
                vm.setStatus("exported " + f);
            } catch (IOException ex) {
                vm.setStatus("could not export: " + ex.getMessage());
            }
        }
    }

    /** Writes a PNG of the whole window as it is now. FX thread. */
    public void exportPng(Path file) throws IOException {
        WritableImage img = root.snapshot(null, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    // ---------------------------------------------------------------- the pulse

    private void pulse(long now) {
        long started = System.nanoTime();
        stats.frame(now);
        if (!awaitingScreen.isEmpty()) {
            long wall = System.currentTimeMillis();
            for (TraceEvent e : awaitingScreen) {
                stats.latency(wall - e.timeMillis());
            }
            awaitingScreen.clear();
        }
        List<SourceBatch> batches = funnel.drain();
        if (!batches.isEmpty()) {
            vm.accept(batches);
            for (SourceBatch b : batches) {
                for (TraceEvent e : b.events()) {
                    if (e.is(org.barrierlab.runmodel.event.EventType.STEP) && "grant".equals(e.attr("by"))) {
                        presenter.stepTaken(e.participant(), e.attr("op"));
                    }
                }
            }
            if (liveLatency) {
                for (SourceBatch b : batches) {
                    awaitingScreen.addAll(b.events());
                }
            }
        }
        if (dirty) {
            dirty = false;
            render();
        }
        if (panelsDirty && now - lastPanels > PANEL_INTERVAL_NANOS) {
            panelsDirty = false;
            lastPanels = now;
            renderPanels();
        }
        double dt = lastPulse == 0 ? 1 / 60.0 : Math.min(0.1, (now - lastPulse) / 1e9);
        lastPulse = now;
        barrierView.animate(dt);
        stats.work(System.nanoTime() - started);
    }

    private void render() {
        RunState s = vm.stateProperty().get();
        Optional<java.util.Set<String>> presence = vm.presenceProperty().get();
        barrierView.show(s, presence);
        panelsDirty = true;
        autoSelectTab(s);
        String cap = s.caption();
        caption.setText(cap);
        caption.setVisible(!cap.isEmpty());
        caption.setManaged(!cap.isEmpty());
        if (!s.verdict().isEmpty() && presenter.verdictLineProperty().get().isEmpty()) {
            // a replay or an attached run: the verdict as the launcher recorded it
            presenter.showVerdict(s.verdict() + recordedReason(), "");
        }
    }

    /**
     * A run of the classic algorithms opens on their tab, once per source: the first clock,
     * election or mutex activity before any barrier decides it; a barrier run stays put.
     */
    private void autoSelectTab(RunState s) {
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

    private String recordedReason() {
        List<TraceEvent> all = vm.allEvents();
        for (int i = all.size() - 1; i >= 0; i--) {
            TraceEvent e = all.get(i);
            if (e.is(org.barrierlab.runmodel.event.EventType.RUN_END)) {
                String reason = e.attrs().getOrDefault("reason", "");
                return reason.isEmpty() ? "" : " " + reason;
            }
        }
        return "";
    }

    /** The panels (table, log, timeline, classic view) need no more than ~10 updates a second. */
    private void renderPanels() {
        RunState s = vm.stateProperty().get();
        List<ParticipantState> rows = List.copyOf(s.participants().values());
        javafx.collections.ObservableList<ParticipantState> items = participants.getItems();
        if (items.size() != rows.size()) {
            items.setAll(rows);
        } else {
            for (int i = 0; i < rows.size(); i++) {
                if (!items.get(i).equals(rows.get(i))) {
                    items.set(i, rows.get(i));
                }
            }
        }
        if (classicTab.isSelected()) {
            classicView.show(s, vm.shownEvents());
        }
        updatePosition();
    }

    private void onPosition() {
        panelsDirty = true;
    }

    private void updatePosition() {
        int n = vm.eventCountProperty().get();
        int k = vm.positionProperty().get();
        updatingTimeline = true;
        try {
            timeline.setMax(Math.max(n, 1));
            timeline.setValue(k);
            String mode = replay ? "REPLAY" : "LIVE";
            position.setText("event " + k + " / " + n + "  "
                    + (vm.followingProperty().get() ? mode : mode + " \u00b7 SCRUBBED"));
            if (k > 0) {
                logView.getSelectionModel().select(k - 1);
                logView.scrollTo(Math.max(0, k - 4));
            } else {
                logView.getSelectionModel().clearSelection();
            }
        } finally {
            updatingTimeline = false;
        }
    }

    // ---------------------------------------------------------------- access

    /** The window's content, for a stage or a snapshot. */
    public Parent root() {
        return root;
    }

    public RunViewModel viewModel() {
        return vm;
    }

    /** The presenter's commands and the run-level messages (held, verdict). */
    public PresenterViewModel presenter() {
        return presenter;
    }

    /** Frame and latency statistics (FX thread). */
    public FrameStats stats() {
        return stats;
    }

    /** True when the funnel is drained and every token has reached its place. FX thread. */
    public boolean settled() {
        return funnel.isEmpty() && !dirty && !panelsDirty && !barrierView.animate(0);
    }

    ZnodeInspector inspectorForTests() {
        return inspector;
    }

    BarrierView barrierView() {
        return barrierView;
    }

    private void closeSource() {
        EventSource s = source;
        source = null;
        if (s != null) {
            s.close();
        }
        RunStarter.StartedRun r = startedRun;
        startedRun = null;
        if (r != null) {
            control.execute(r::close);
        }
    }

    @Override
    public void close() {
        pump.stop();
        inspectorRefresh.stop();
        closeSource();
        // queued commands (e.g. closing a run this window started) finish on the control thread;
        // the FX thread does not wait for them
        control.shutdown();
        background.shutdownNow();
    }

    /** One line of the event log. */
    private static final class LogCell extends ListCell<TraceEvent> {
        @Override
        protected void updateItem(TraceEvent e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setText(null);
                return;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    "%6d  0x%-9s %-8s %-10s", getIndex() + 1, Long.toHexString(e.zxid()), e.participant(), e.type()));
            if (!e.scope().isEmpty()) {
                sb.append(' ').append(shortScope(e.scope()));
            }
            if (e.generation() >= 0) {
                sb.append(" gen ").append(e.generation());
            }
            if (!e.attrs().isEmpty()) {
                sb.append("  ").append(e.attrs());
            }
            setText(sb.toString());
        }
    }
}
