package org.barrierlab.visualizer.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.CountRace;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.RunControl;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.viewmodel.EventFunnel;
import org.barrierlab.visualizer.viewmodel.FrameStats;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visualizer's window content, assembled from its parts: the {@link PresenterBar} and the
 * {@link StageBanners} on top, the {@link ViewTabs} (the {@link BarrierStage}, the classic
 * algorithms, the znodes) with the collapsible {@link ParticipantsPane} in the centre, the
 * {@link TimelineBar} at the bottom, the {@link HelpOverlay} over it all. It renders only from
 * the event stream of the attached {@link EventSource} (live or replay: the same path). Events
 * reach the FX thread through one {@link EventFunnel}, drained once per pulse by the {@link
 * StageLoop}. Construct, use and close on the FX thread.
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
    private final PresenterViewModel presenter;
    private final StackPane root = new StackPane();
    private final BarrierStage stage;
    private final ViewTabs tabs;
    private final ParticipantsPane participants;
    private final TimelineBar timeline;
    private final StageBanners banners;
    private final HelpOverlay help = new HelpOverlay();
    private final ProjectorTheme projector = new ProjectorTheme(root);
    private final WindowExporter exporter;
    private final StageLoop loop;
    private final PresenterBar bar;
    private EventSource source;
    private RunStarter.StartedRun startedRun;
    private boolean replay;
    /** A replay's look-ahead at its whole recording (the barriers and participants to lay out). */
    private StagePlan.Declared ahead = StagePlan.Declared.NONE;

    /** A window; {@code starter} (may be null) enables "New run" from the window. */
    public VisualizerWindow(RunStarter starter) {
        this.starter = starter;
        this.presenter = new PresenterViewModel(this::control, control, Platform::runLater);
        root.getStyleClass().add(Styles.ROOT);
        root.setId("visualizer-root");
        stage = new BarrierStage(root, this::onFault);
        loop = new StageLoop(vm, funnel, stats, presenter, new StageLoop.Views() {
            @Override
            public void render() {
                renderStage();
            }

            @Override
            public void renderPanels() {
                VisualizerWindow.this.renderPanels();
            }

            @Override
            public boolean animate(double dtSeconds) {
                return stage.view().animate(dtSeconds);
            }
        });
        tabs = new ViewTabs(stage.node(), background, loop::markPanelsDirty);
        participants = new ParticipantsPane(id -> stage.view().contextMenu(id));
        timeline = new TimelineBar(vm);
        banners = new StageBanners(presenter);
        exporter = new WindowExporter(root, vm, vm::setStatus);
        bar = new PresenterBar(
                presenter,
                starter != null,
                new PresenterBar.Actions(
                        this::showStartDialog, exporter::chooseSaveRecording, exporter::chooseExportPng, help::toggle),
                projector.onProperty());
        SplitPane centre = new SplitPane(tabs.node());
        centre.setId("centre");
        timeline.participantsToggle().selectedProperty().addListener((o, a, b) -> participants.showIn(centre, b));
        VBox top = new VBox(bar.node());
        top.getChildren().addAll(banners.nodes());
        BorderPane main = new BorderPane(centre, top, null, timeline.node(), null);
        root.getChildren().addAll(main, help);

        vm.stateProperty().addListener((o, a, b) -> loop.markDirty());
        vm.presenceProperty().addListener((o, a, b) -> loop.markDirty());
        vm.positionProperty().addListener((o, a, b) -> loop.markPanelsDirty());
        vm.eventCountProperty().addListener((o, a, b) -> loop.markPanelsDirty());
        vm.statusProperty().addListener((o, a, b) -> timeline.setStatus(b));
        vm.sourceDescriptionProperty().addListener((o, a, b) -> timeline.setTitle(b));
        presenter.statusProperty().addListener((o, a, b) -> timeline.setStatus(b));
        presenter.titleProperty().addListener((o, a, b) -> timeline.setTitle(b));
        loop.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- scene and keys

    /** A scene with the theme and the presenter keys. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Styles.themeUrl());
        PresenterKeys.install(
                scene,
                presenter,
                vm,
                stage,
                timeline,
                help,
                () -> replay && vm.followingProperty().get(),
                projector);
        return scene;
    }

    /** Shows the tab {@code barriers}, {@code spacetime}, {@code classic} or {@code znodes}. */
    public void selectTab(String name) {
        tabs.select(name);
    }

    /** Changes the zoom level by {@code delta} steps (Ctrl +/-). */
    public void zoom(int delta) {
        vm.setStatus("zoom " + stage.zoom(delta) + "%");
    }

    /** Switches the projector theme (large fonts, high contrast) on or off (key h). */
    public void setProjectorTheme(boolean on) {
        projector.onProperty().set(on);
    }

    /** True while the projector theme is on. */
    public boolean projectorTheme() {
        return projector.onProperty().get();
    }

    /** The current zoom in percent. */
    public int zoomPercent() {
        return stage.zoomPercent();
    }

    void toggleHelp() {
        help.toggle();
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
        source = newSource;
        startedRun = run;
        replay = newSource instanceof ReplaySource;
        // a replay knows its whole run: the stage shows its cast and barriers before event 1
        ahead = newSource instanceof ReplaySource rp
                ? StagePlan.Declared.lookAhead(rp.events())
                : StagePlan.Declared.NONE;
        presenter.replayOf(newSource instanceof ReplaySource r ? r.participants() : List.of());
        loop.reset(newSource instanceof ZkEventSource);
        timeline.setReplay(replay, newSource instanceof ReplaySource rs ? rs.size() : 0);
        tabs.reset(this::inspectorTarget);
        stage.view().setFaultsEnabled(newSource.control().supportsFaults());
        bar.servers()
                .update(
                        newSource.control().supportsServerFaults(),
                        newSource instanceof ZkEventSource zs ? ServerMenu.serversIn(zs.connectString()) : 0);
        vm.setSourceDescription(newSource.describe());
        timeline.setTitle(newSource.describe());
        EventSource s = newSource;
        newSource.start(batch -> {
            if (source == s) {
                funnel.offer(batch);
            }
        });
    }

    private ZnodeInspector.Target inspectorTarget() {
        if (source instanceof ZkEventSource zs && zs.layout().isPresent()) {
            String r = zs.layout().get().root();
            return new ZnodeInspector.Target() {
                @Override
                public ZooKeeper zk() {
                    return zs.zooKeeper();
                }

                @Override
                public String root() {
                    return r;
                }
            };
        }
        return null;
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

    private void onFault(BarrierView.FaultRequest r) {
        if ("kill".equals(r.action())) {
            presenter.send("kill " + r.participant(), c -> c.kill(r.participant()));
        } else if ("step".equals(r.action())) {
            StepPicker.pick(r.participant(), vm.stateProperty().get(), presenter);
        } else {
            presenter.send("restart " + r.participant(), c -> c.restart(r.participant()));
        }
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

    /** Writes every event seen so far as a JSON-lines recording (the launcher's format). */
    public void saveRecording(Path file) throws IOException {
        exporter.saveRecording(file);
    }

    /** Writes a PNG of the whole window as it is now. FX thread. */
    public void exportPng(Path file) throws IOException {
        exporter.exportPng(file);
    }

    // ---------------------------------------------------------------- drawing

    private void renderStage() {
        RunState s = vm.stateProperty().get();
        StagePlan.Declared declared =
                ahead != StagePlan.Declared.NONE ? ahead : StagePlan.Declared.from(vm.allEvents());
        stage.show(s, vm.presenceProperty().get(), declared);
        tabs.autoSelect(s);
        banners.showCaption(s.caption());
        if (!s.verdict().isEmpty() && presenter.verdictLineProperty().get().isEmpty()) {
            // a replay or an attached run: the verdict as the launcher recorded it
            // phase 1: a hang of the counting barrier is explained from these events (as the terminal does)
            String why = s.verdict().startsWith("HUNG")
                    ? CountRace.find(vm.log()).map(CountRace::text).orElse("")
                    : "";
            presenter.showVerdict(s.verdict() + recordedReason(), why);
        }
    }

    private String recordedReason() {
        List<TraceEvent> all = vm.allEvents();
        for (int i = all.size() - 1; i >= 0; i--) {
            TraceEvent e = all.get(i);
            if (e.is(EventType.RUN_END)) {
                String reason = e.attrs().getOrDefault("reason", "");
                return reason.isEmpty() ? "" : " " + reason;
            }
        }
        return "";
    }

    private void renderPanels() {
        RunState s = vm.stateProperty().get();
        participants.show(s);
        tabs.showClassic(s, vm.shownEvents());
        timeline.updatePosition();
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
        return loop.settled();
    }

    ZnodeInspector inspectorForTests() {
        return tabs.inspector();
    }

    BarrierView barrierView() {
        return stage.view();
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
        loop.stop();
        tabs.close();
        closeSource();
        // queued commands (e.g. closing a run this window started) finish on the control thread;
        // the FX thread does not wait for them
        control.shutdown();
        background.shutdownNow();
    }
}
