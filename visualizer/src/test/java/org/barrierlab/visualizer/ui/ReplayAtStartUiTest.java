package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javafx.stage.Stage;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A replay held at event 0 already shows its run on the stage: every participant of the
 * recording as a token in the lobby and every barrier it uses as a box, before any event is
 * played (the class sees who is there and where they will go while the presenter talks).
 */
@ExtendWith(ApplicationExtension.class)
class ReplayAtStartUiTest {

    private VisualizerWindow window;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        Fx.run(window::close);
    }

    @Test
    void nestedHeldAtEventZeroShowsItsParticipantsAndBarriers() throws Exception {
        heldAtZeroShowsEverything("nested.jsonl");
    }

    @Test
    void reusableKillHeldAtEventZeroShowsItsParticipantsAndBarriers() throws Exception {
        heldAtZeroShowsEverything("reusable-kill.jsonl");
    }

    private void heldAtZeroShowsEverything(String file) throws Exception {
        Recording r = Recording.read(Path.of("..", "docs", "recordings", file));
        // what the whole recording ends up using: the stage at event 0 must already show it
        RunState end = RunReducer.applyAll(RunState.EMPTY, r.events());
        Set<String> barriers = new TreeSet<>(end.scopes().keySet());
        Set<String> participants = new TreeSet<>(end.participants().keySet());
        assertTrue(barriers.size() >= 1 && participants.size() == 4, barriers + " " + participants);

        Fx.run(() -> window.play(r));
        Fx.waitUntil(10, "the stage drawn at event 0 with " + barriers + " and " + participants, () -> {
            Set<String> boxes = new TreeSet<>();
            Set<String> tokens = new TreeSet<>();
            for (ScopePainter.Drawn d : window.barrierView().drawnItems()) {
                if (d.kind() == ScopePainter.Kind.BOX) {
                    boxes.add(d.owner());
                } else if (d.kind() == ScopePainter.Kind.TOKEN) {
                    tokens.add(d.owner());
                }
            }
            return boxes.equals(barriers) && tokens.equals(participants);
        });
        // nothing was played to show it: still held at event 0, every token in the lobby
        assertEquals(0, Fx.call(() -> window.viewModel().log().size()), "no event played");
        assertTrue(Fx.call(() -> window.presenter().heldProperty().get()), "still held at event 0");
        BarrierLayout.Rect lobby =
                Fx.call(() -> window.barrierView().stageLayout().lobby());
        for (String p : participants) {
            BarrierView.Token t = Fx.call(() -> window.barrierView().token(p).orElseThrow());
            BarrierLayout.Rect at = new BarrierLayout.Rect(t.targetX(), t.targetY(), 0, 0);
            assertTrue(lobby.contains(at), p + " waits in the lobby at event 0, at " + at + "; lobby " + lobby);
        }
    }
}
