package org.barrierlab.visualizer.ui;

import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;

/**
 * The presenter's keys, as event filters on the scene (so no focused control takes them): space
 * or {@code .} start/step, {@code p} pause, arrows/Home/End scrub, F11 full screen, Ctrl+Q close,
 * Ctrl +/-/0 zoom, {@code z} fit, {@code t}/{@code l} panels, {@code h} projector theme, {@code ?}
 * help, {@code 1}-{@code 9} in step mode: that participant moves next (in a replay: jump to its
 * next event), PageDown/PageUp the next or previous chapter of the guided tour. A presenter's
 * remote sends these keys too. FX thread only.
 */
final class PresenterKeys {

    private final PresenterViewModel presenter;
    private final RunViewModel vm;
    private final BarrierStage stage;
    private final TimelineBar timeline;
    private final HelpOverlay help;
    private final BooleanSupplier replayAtNewest;
    private final ProjectorTheme projector;

    private PresenterKeys(
            PresenterViewModel presenter,
            RunViewModel vm,
            BarrierStage stage,
            TimelineBar timeline,
            HelpOverlay help,
            BooleanSupplier replayAtNewest,
            ProjectorTheme projector) {
        this.presenter = presenter;
        this.vm = vm;
        this.stage = stage;
        this.timeline = timeline;
        this.help = help;
        this.replayAtNewest = replayAtNewest;
        this.projector = projector;
    }

    /**
     * Installs the keys on {@code scene}. {@code replayAtNewest}: a replay shows its newest event
     * (then → delivers one more event instead of scrubbing).
     */
    static void install(
            Scene scene,
            PresenterViewModel presenter,
            RunViewModel vm,
            BarrierStage stage,
            TimelineBar timeline,
            HelpOverlay help,
            BooleanSupplier replayAtNewest,
            ProjectorTheme projector) {
        PresenterKeys keys = new PresenterKeys(presenter, vm, stage, timeline, help, replayAtNewest, projector);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> keys.onKey(scene, e));
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if ("?".equals(e.getCharacter())) {
                help.toggle();
                e.consume();
            }
        });
    }

    private void zoom(int delta) {
        vm.setStatus("zoom " + stage.zoom(delta) + "%");
    }

    private void onKey(Scene scene, KeyEvent e) {
        KeyCode k = e.getCode();
        if (e.isShortcutDown() || e.isControlDown()) {
            if (k == KeyCode.Q) {
                Window w = scene.getWindow();
                if (w != null) {
                    w.hide();
                }
                e.consume();
            } else if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) {
                zoom(+1);
                e.consume();
            } else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
                zoom(-1);
                e.consume();
            } else if (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0) {
                vm.setStatus("zoom " + stage.resetZoom() + "%");
                e.consume();
            }
            return;
        }
        switch (k) {
            case SPACE, PERIOD -> presenter.startOrStep();
            case P -> presenter.pause();
            case C -> presenter.continueRun();
            case A -> presenter.toggleAutoPause();
            case LEFT -> vm.scrubBy(e.isShiftDown() ? -10 : -1);
            case RIGHT -> {
                if (replayAtNewest.getAsBoolean() && !e.isShiftDown()) {
                    presenter.step();
                } else {
                    vm.scrubBy(e.isShiftDown() ? 10 : 1);
                }
            }
            case PAGE_DOWN -> presenter.nextChapter();
            case PAGE_UP -> presenter.previousChapter();
            case HOME -> vm.scrubTo(0);
            case END -> vm.followLive();
            case F11 -> {
                if (scene.getWindow() instanceof Stage stage) {
                    stage.setFullScreen(!stage.isFullScreen());
                }
            }
            case ESCAPE -> help.setVisible(false);
            case T -> timeline.toggleParticipants();
            case L -> timeline.toggleLog();
            case Z -> stage.fitToStage();
            case H -> projector.toggle();
            default -> {
                // 1-9: in step mode that participant moves next
                java.util.Optional<Integer> n = StepPicker.number(k);
                if (n.isEmpty()) {
                    return;
                }
                if (!presenter.replayParticipants().isEmpty()) {
                    vm.followLive(); // a pick in a scrubbed replay shows the move it jumps to
                }
                StepPicker.pickNumber(n.get(), vm.stateProperty().get(), presenter);
            }
        }
        e.consume();
    }
}
