package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;

/**
 * The presenter picks who moves next in step mode: number key {@code n} (1-9, top row or
 * keypad) is the n-th participant ({@code p3} for 3), a click on a token is that participant.
 * The status line says who moves and what it will do (the operation it waits to run at the
 * step gate). In a replay the same keys and clicks jump forward to that participant's next
 * recorded event. FX thread only.
 */
final class StepPicker {

    private StepPicker() {}

    /** The number 1-9 of a key, if it is one. */
    static Optional<Integer> number(KeyCode k) {
        if (k.isDigitKey()) {
            String name = k.getName(); // "3" or "Numpad 3"
            int n = name.charAt(name.length() - 1) - '0';
            return n >= 1 && n <= 9 ? Optional.of(n) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Number key {@code n}: the n-th participant of the run moves next. */
    static void pickNumber(int n, RunState state, PresenterViewModel presenter) {
        List<String> replay = presenter.replayParticipants();
        if (!replay.isEmpty()) {
            // a replay: its recording's participants, known before any event is shown
            if (n > replay.size()) {
                presenter.setStatus("no participant " + n + " in this recording (it has " + replay.size() + ")");
            } else {
                presenter.pickInReplay(replay.get(n - 1));
            }
            return;
        }
        List<ParticipantState> ps = List.copyOf(state.participants().values());
        if (ps.isEmpty()) {
            // seen under Xvfb: a key pressed before the run's first events reached the window
            presenter.setStatus("no participants yet: wait until they are at the step gate, then press " + n);
            return;
        }
        if (n > ps.size()) {
            presenter.setStatus("no participant " + n + " in this run (it has " + ps.size() + ")");
            return;
        }
        pick(ps.get(n - 1).id(), state, presenter);
    }

    /**
     * {@code id} moves next; the status says what it waits to do. Only in step mode (somebody
     * waits at the step gate): a stray click on a token must not pause a running class demo.
     */
    static void pick(String id, RunState state, PresenterViewModel presenter) {
        if (!presenter.replayParticipants().isEmpty()) {
            presenter.pickInReplay(id); // a replay: jump to this participant's next recorded move
            return;
        }
        boolean stepping = state.participants().values().stream().anyMatch(ParticipantState::stepWaiting);
        if (!stepping) {
            presenter.setStatus("nobody waits at the step gate: press p to pause, then pick who moves next");
            return;
        }
        ParticipantState p = state.participants().get(id);
        presenter.stepParticipant(id, p == null ? "" : p.stepOp());
    }
}
