package org.barrierlab.visualizer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.source.RunControl;
import org.junit.jupiter.api.Test;

/** The presenter's commands reach the run's controls; the window's run-level messages. */
class PresenterViewModelTest {

    /** Controls that record what was sent. */
    private static final class RecordingControl implements RunControl {
        final List<String> sent = new ArrayList<>();
        boolean fail;

        private void record(String s) throws ControlException {
            if (fail) {
                throw new ControlException("no session");
            }
            sent.add(s);
        }

        @Override
        public void pause() throws ControlException {
            record("pause");
        }

        @Override
        public void step() throws ControlException {
            record("step");
        }

        @Override
        public void step(String participant) throws ControlException {
            record("step " + participant);
        }

        @Override
        public void continueRun() throws ControlException {
            record("continue");
        }

        @Override
        public void setSpeed(double factor) throws ControlException {
            record("speed " + factor);
        }

        @Override
        public boolean supportsFaults() {
            return true;
        }

        @Override
        public void kill(String participant) throws ControlException {
            record("kill " + participant);
        }

        @Override
        public void restart(String participant) throws ControlException {
            record("restart " + participant);
        }
    }

    private final RecordingControl control = new RecordingControl();
    private final PresenterViewModel p = new PresenterViewModel(() -> control, Runnable::run, Runnable::run);

    @Test
    void spaceStartsAHeldRunOnceThenGrantsSteps() {
        p.hold();
        assertTrue(p.heldProperty().get());
        p.startOrStep();
        assertFalse(p.heldProperty().get(), "the run is no longer held after the first space");
        assertEquals(List.of("continue"), control.sent, "the first space lets everybody go");
        p.startOrStep();
        p.startOrStep();
        assertEquals(List.of("continue", "step", "step"), control.sent, "later presses grant one step each");
        assertEquals("sent: step", p.statusProperty().get());
    }

    @Test
    void spaceWhileTheDemoStillStartsStartsTheRunOnceItIsHeld() {
        // A demo's window is up before its run: the presenter's first space must not be lost.
        RunControl[] current = {RunControl.NONE};
        PresenterViewModel early = new PresenterViewModel(() -> current[0], Runnable::run, Runnable::run);
        early.startOrStep();
        assertEquals(List.of(), control.sent, "nothing to send to yet");
        assertEquals(
                "the run starts as soon as the participants are up",
                early.statusProperty().get());
        current[0] = control;
        early.hold();
        assertEquals(List.of("continue"), control.sent, "the queued space starts the run when it is held");
        assertFalse(early.heldProperty().get(), "no longer held");
        early.startOrStep();
        assertEquals(List.of("continue", "step"), control.sent, "the next space is a step again");
    }

    @Test
    void autoPausePausesOnceAtAKeyMomentOnlyWhenOn() throws Exception {
        List<TraceEvent> events = Recording.read(Path.of("..", "docs", "recordings", "reusable-kill.jsonl"))
                .events();
        RunState state = RunState.EMPTY;
        for (TraceEvent e : events) {
            state = RunReducer.apply(state, e);
            p.stateShown(state);
        }
        assertEquals(List.of(), control.sent, "auto-pause is off by default: nothing is sent");
        PresenterViewModel on = new PresenterViewModel(() -> control, Runnable::run, Runnable::run);
        on.toggleAutoPause();
        assertTrue(on.autoPauseProperty().get());
        state = RunState.EMPTY;
        boolean statusSaid = false;
        for (TraceEvent e : events) {
            state = RunReducer.apply(state, e);
            int before = control.sent.size();
            on.stateShown(state);
            on.stateShown(state); // the same state again pauses no more
            assertTrue(control.sent.size() - before <= 1, "at most one pause per moment");
            statusSaid |= on.statusProperty().get().startsWith("auto-pause: ");
        }
        assertTrue(control.sent.size() >= 2, "paused at the key moments: " + control.sent);
        assertTrue(control.sent.stream().allMatch("pause"::equals), "only pauses: " + control.sent);
        assertTrue(statusSaid, "the status says why it paused");
    }

    @Test
    void aQueuedStartIsForgottenWithItsRun() {
        RunControl[] current = {RunControl.NONE};
        PresenterViewModel early = new PresenterViewModel(() -> current[0], Runnable::run, Runnable::run);
        early.startOrStep();
        early.reset();
        current[0] = control;
        early.hold();
        assertEquals(List.of(), control.sent, "a reset (another run) drops the queued start");
        assertTrue(early.heldProperty().get());
    }

    @Test
    void aReplaySaysWhatAStepShowedAndWhereItEnds() {
        p.replayOf(List.of("p1", "p2"));
        p.hold("replay");
        p.startOrStep();
        assertEquals("playing", p.statusProperty().get(), "nothing is 'sent' in a replay");
        p.step();
        p.eventShown(new TraceEvent(7, 1, "p2", "pass", "/barriers/stroke", 1, java.util.Map.of()));
        assertEquals("stepped to: p2 pass stroke gen 1", p.statusProperty().get());
        p.eventShown(new TraceEvent(8, 2, "launcher", "run-end", "", -1, java.util.Map.of("verdict", "PASS")));
        assertTrue(
                p.statusProperty().get().startsWith("end of the replay"),
                p.statusProperty().get());
    }

    @Test
    void startOnARunThatIsNotHeldSendsNothing() {
        p.start();
        assertEquals(List.of(), control.sent);
    }

    @Test
    void speedIsClampedToTheSliderRangeAndSent() {
        p.setSpeed(0.15);
        p.setSpeed(100);
        assertEquals(List.of("speed 0.15", "speed " + PresenterViewModel.MAX_SPEED), control.sent);
        assertEquals(PresenterViewModel.MAX_SPEED, p.speedProperty().get());
        assertThrows(IllegalArgumentException.class, () -> p.setSpeed(0));
        p.initialSpeed(0.01);
        assertEquals(PresenterViewModel.MIN_SPEED, p.speedProperty().get(), "initialSpeed moves the slider only");
        assertEquals(2, control.sent.size());
    }

    @Test
    void aFailedCommandIsReportedInTheStatusLine() {
        control.fail = true;
        p.pause();
        assertEquals("pause failed: no session", p.statusProperty().get());
    }

    @Test
    void theVerdictEndsTheHoldAndNamesItsOutcome() {
        p.hold();
        p.showVerdict("verdict: BROKEN all generation 2: p2 died", "p2 was killed; every survivor saw it.");
        assertFalse(p.heldProperty().get());
        assertEquals("BROKEN", p.verdictOutcome());
        assertEquals(
                "p2 was killed; every survivor saw it.",
                p.verdictExplanationProperty().get());
        p.showVerdict("PASS", "");
        assertEquals("verdict: PASS", p.verdictLineProperty().get(), "a bare outcome gets the verdict prefix");
        assertEquals(
                "p2 was killed; every survivor saw it.",
                p.verdictExplanationProperty().get());
        p.reset();
        assertEquals("", p.verdictLineProperty().get());
        assertEquals("", p.verdictOutcome());
    }

    @Test
    void aGrantedStepSaysWhoTookItAndWhatItDoes() {
        p.stepTaken("p3", "enter /barriers/festival/inner/band-a-backstage");
        assertEquals(
                "p3 took one step: enter festival/band-a-backstage",
                p.statusProperty().get());
        p.stepTaken("p1", null);
        assertEquals("p1 took one step", p.statusProperty().get());
    }

    @Test
    void pickingAParticipantGrantsItsStepAndTheStatusFollowsItsSteps() {
        p.stepParticipant("p3", "await /barriers/stroke");
        assertEquals(List.of("step p3"), control.sent);
        assertEquals("sent: p3 moves next: await stroke", p.statusProperty().get());
        p.stepTaken("p3", "await /barriers/stroke");
        assertEquals("p3 took one step: await stroke", p.statusProperty().get());
        p.nextStep("p2", "await /barriers/stroke"); // somebody else: not what p3 does next
        assertEquals("p3 took one step: await stroke", p.statusProperty().get());
        p.nextStep("p3", "await /barriers/stroke");
        assertEquals(
                "p3 took one step: await stroke; next: await stroke",
                p.statusProperty().get());
    }

    @Test
    void aCommandsResultDoesNotHideNewerNews() {
        List<Runnable> later = new ArrayList<>();
        PresenterViewModel slow = new PresenterViewModel(() -> control, Runnable::run, later::add);
        slow.stepParticipant("p1", "");
        slow.stepTaken("p1", "await /barriers/all"); // the step's event arrived before the reply
        later.forEach(Runnable::run);
        assertEquals("p1 took one step: await all", slow.statusProperty().get());
    }

    @Test
    void theStatusFollowsTheRunToItsEndInsteadOfStayingReady() {
        p.hold();
        assertEquals("ready: press space or Start", p.statusProperty().get());
        // a classic run that went through without a key: the verdict arrives while "ready" was shown
        p.showVerdict("verdict: PASS mutex: 4 participants", "");
        assertEquals("run ended: PASS", p.statusProperty().get());
        assertFalse(p.heldProperty().get());
    }

    @Test
    void participantsAtWorkEndTheHoldWhoeverLetThemGo() {
        p.hold();
        p.running();
        assertFalse(p.heldProperty().get(), "moving participants are not held");
        assertEquals("running", p.statusProperty().get());
        p.setStatus("sent: step");
        p.running();
        assertEquals("sent: step", p.statusProperty().get(), "a run that was not held keeps its status");
    }

    @Test
    void chapterKeysGoToTheTourAndDoNothingOutsideOne() {
        p.nextChapter(); // no tour: nothing happens, nothing fails
        List<Integer> moves = new ArrayList<>();
        p.tourChapter("Chapter 2 of 9: simple", moves::add);
        p.nextChapter();
        p.previousChapter();
        assertEquals(List.of(1, -1), moves);
        assertEquals("Chapter 2 of 9: simple", p.chapterProperty().get());
        p.showVerdict("verdict: PASS simple", "");
        assertTrue(
                p.statusProperty().get().contains("PageDown: next chapter"),
                p.statusProperty().get());
    }
}
