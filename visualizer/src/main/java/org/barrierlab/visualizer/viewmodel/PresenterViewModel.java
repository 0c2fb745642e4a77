package org.barrierlab.visualizer.viewmodel;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.RunControl;

/**
 * The presenter's side of the window: the commands the tool bar and the keys call (start,
 * pause, step, continue, speed) and what the window says about the run as a whole (held at the
 * start or not, the scenario's title and story, the verdict with its explanation, the status
 * line). The view binds these properties and calls one method per action; the commands reach
 * the run through an injected {@link RunControl} on an injected executor (never the FX thread:
 * a command may write to ZooKeeper), and report back through an injected FX-thread executor.
 *
 * <p>Nothing from {@code javafx.scene}: unit-tested with plain executors. Call everything on
 * the FX thread.
 *
 * <pre>{@code
 * PresenterViewModel p = new PresenterViewModel(() -> source.control(), controlThread, Platform::runLater);
 * p.hold("nested", "A music festival ...");   // participants wait at the start
 * p.startOrStep();                              // space: start the run (later: one step)
 * }</pre>
 */
public final class PresenterViewModel {

    /** The slowest and the fastest speed the slider offers (think times divided by it). */
    public static final double MIN_SPEED = 0.05;

    public static final double MAX_SPEED = 4.0;

    private final Supplier<RunControl> control;

    /** Space was pressed before the run was there: start it as soon as it is held at the start. */
    private boolean startQueued;

    private final Executor commands;
    private final Executor fxThread;

    private final ReadOnlyBooleanWrapper held = new ReadOnlyBooleanWrapper(this, "held", false);
    private final ReadOnlyBooleanWrapper autoPause = new ReadOnlyBooleanWrapper(this, "autoPause", false);
    private final KeyMoments moments = new KeyMoments();
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", 1.0);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper story = new ReadOnlyStringWrapper(this, "story", "");
    private final ReadOnlyStringWrapper verdictLine = new ReadOnlyStringWrapper(this, "verdictLine", "");
    private final ReadOnlyStringWrapper verdictExplanation = new ReadOnlyStringWrapper(this, "verdictExplanation", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper heldMessage = new ReadOnlyStringWrapper(this, "heldMessage", "");
    private final ReadOnlyStringWrapper chapter = new ReadOnlyStringWrapper(this, "chapter", "");
    private String lastStepper = "";
    private volatile ChapterNavigator chapters = ChapterNavigator.NONE;
    private java.util.List<String> replayParticipants = java.util.List.of();
    private String replayPick = "";
    private int replaySkipped;
    /** {@link #replayPick} for a plain step in a replay: whoever's event comes next. */
    private static final String ANYONE = "\u0000anyone";

    /**
     * @param control the current run's controls (asked at each command: the source may change)
     * @param commands where commands run (a background thread)
     * @param fxThread where results are reported (the FX thread; a direct executor in tests)
     */
    public PresenterViewModel(Supplier<RunControl> control, Executor commands, Executor fxThread) {
        this.control = Objects.requireNonNull(control, "control");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
    }

    // ------------------------------------------------------------------ what the window shows

    /** True while the participants wait at the start for the presenter's first space or Start. */
    public ReadOnlyBooleanProperty heldProperty() {
        return held.getReadOnlyProperty();
    }

    /** The run's speed factor as last set (the slider's value). */
    public ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /** The scenario's name, or the source's description. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The scenario's story (one paragraph), or empty. */
    public ReadOnlyStringProperty storyProperty() {
        return story.getReadOnlyProperty();
    }

    /** The verdict line ({@code verdict: PASS ...}), empty until the run ends. */
    public ReadOnlyStringProperty verdictLineProperty() {
        return verdictLine.getReadOnlyProperty();
    }

    /** The scenario's explanation of the verdict for the audience, or empty. */
    public ReadOnlyStringProperty verdictExplanationProperty() {
        return verdictExplanation.getReadOnlyProperty();
    }

    /** One line: what the last command did, or what went wrong. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The guided tour's chapter line ({@code Chapter 2 of 9: simple ...}), empty outside a tour. */
    public ReadOnlyStringProperty chapterProperty() {
        return chapter.getReadOnlyProperty();
    }

    /** The outcome word of the verdict ({@code PASS}, {@code BROKEN}...), empty before it. */
    public String verdictOutcome() {
        String v = verdictLine.get();
        String rest =
                v.startsWith("verdict:") ? v.substring("verdict:".length()).trim() : v.trim();
        int space = rest.indexOf(' ');
        return (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ set by the window's owner

    /** Shows a scenario before (and while) it runs. */
    public void describe(String scenarioTitle, String scenarioStory) {
        title.set(Objects.requireNonNull(scenarioTitle, "scenarioTitle"));
        story.set(Objects.requireNonNull(scenarioStory, "scenarioStory"));
    }

    /** The participants are held at the start (step mode before their first operation). */
    public void hold() {
        hold("The participants are waiting at the start. Press space or \u25b6 Start.");
    }

    /** Held at the start, with what the banner says (a replay: its name and any warning). */
    public void hold(String message) {
        heldMessage.set(Objects.requireNonNull(message, "message"));
        held.set(true);
        status.set("ready: press space or Start");
        if (startQueued) {
            startQueued = false;
            start();
        }
    }

    /** What the banner says while the run is held at the start. */
    public ReadOnlyStringProperty heldMessageProperty() {
        return heldMessage.getReadOnlyProperty();
    }

    /** The speed the run was started with (moves the slider, sends nothing). */
    public void initialSpeed(double factor) {
        speed.set(clampSpeed(factor));
    }

    /**
     * The run's verdict, as the command prints it on stdout, with the scenario's explanation
     * (may be empty). A later call replaces an earlier one (the launcher's own line wins over
     * the one read from the trace).
     */
    public void showVerdict(String line, String explanation) {
        verdictLine.set(Objects.requireNonNull(line, "line").startsWith("verdict:") ? line : "verdict: " + line);
        if (explanation != null && !explanation.isBlank()) {
            verdictExplanation.set(explanation);
        }
        held.set(false);
        // the status follows the run: a run that ended is not "ready" any more (it was, after a
        // classic run that never stopped at the start gate)
        status.set("run ended: " + verdictOutcome() + (chapters == ChapterNavigator.NONE ? "" : CHAPTER_KEYS));
    }

    /**
     * The participants are moving (an event other than waiting at the start gate arrived):
     * a run that was held is not held any more, whoever let it go.
     */
    public void running() {
        if (held.get()) {
            held.set(false);
            status.set("running");
        }
    }

    private static final String CHAPTER_KEYS = "; PageDown: next chapter, PageUp: previous";

    // ------------------------------------------------------------------ the guided tour

    /** Where the chapter keys go: the tour that runs the chapters (off the FX thread). */
    public interface ChapterNavigator {
        /** No tour: the chapter keys do nothing. */
        ChapterNavigator NONE = delta -> {};

        /** Moves {@code delta} chapters (+1 next, -1 previous); called on the FX thread, must not block. */
        void move(int delta);
    }

    /** Shows the tour's chapter line and sends the chapter keys to {@code navigator}. */
    public void tourChapter(String line, ChapterNavigator navigator) {
        chapter.set(Objects.requireNonNull(line, "line"));
        chapters = Objects.requireNonNull(navigator, "navigator");
    }

    /** PageDown: the next chapter of the tour (nothing outside a tour). */
    public void nextChapter() {
        chapters.move(+1);
    }

    /** PageUp: the previous chapter of the tour (nothing outside a tour). */
    public void previousChapter() {
        chapters.move(-1);
    }

    // ------------------------------------------------------------------ auto-pause

    /** Whether the run stops by itself at the story's key moments (key a). */
    public ReadOnlyBooleanProperty autoPauseProperty() {
        return autoPause.getReadOnlyProperty();
    }

    /** Key a: auto-pause at the key moments (before a last arrival, at a break) on or off. */
    public void toggleAutoPause() {
        autoPause.set(!autoPause.get());
        status.set(
                autoPause.get()
                        ? "auto-pause on: the run stops before each last arrival and at a break"
                        : "auto-pause off");
    }

    /**
     * The run state just shown (FX thread): at a key moment not shown before, with auto-pause
     * on, pauses the run (live: the participants stop at their step gate; a replay stops) and
     * says what the moment is and which keys go on.
     */
    public void stateShown(RunState state) {
        Optional<String> moment = moments.next(state);
        if (moment.isPresent() && autoPause.get() && verdictLine.get().isEmpty()) {
            pause();
            status.set("auto-pause: " + moment.get() + "; space: one step, c: continue");
        }
    }

    /** A new source: forget the verdict and the hold of the previous run. */
    public void reset() {
        moments.reset();
        verdictLine.set("");
        verdictExplanation.set("");
        held.set(false);
        startQueued = false;
        replayParticipants = java.util.List.of();
        replayPick = "";
    }

    /** The source is a replay of a recording with these participants (number keys 1-9 pick them). */
    public void replayOf(java.util.List<String> participants) {
        replayParticipants = java.util.List.copyOf(participants);
    }

    /** The replay's participants in key order; empty for a live run. */
    public java.util.List<String> replayParticipants() {
        return replayParticipants;
    }

    /**
     * In a replay, a number key or a click on a token: jump forward until {@code participant}
     * has made its next recorded move; {@link #eventShown} then says what it did.
     */
    public void pickInReplay(String participant) {
        held.set(false);
        replayPick = participant;
        replaySkipped = 0;
        send(participant + " moves next", c -> c.step(participant));
    }

    /**
     * An event reached the window. After a pick in a replay, the picked participant's event
     * sets the status: who stepped and what it did ({@code p3 stepped: arrive stroke gen 2,
     * after 2 events of others}).
     */
    public void eventShown(org.barrierlab.runmodel.event.TraceEvent e) {
        if (replaying() && e.is(org.barrierlab.runmodel.event.EventType.RUN_END)) {
            // seen at 1280x720: "playing" stayed on the status line after the replay's last event
            status.set("end of the replay: \u2190 and Home go back through it");
            replayPick = "";
            return;
        }
        if (replayPick.isEmpty()) {
            return;
        }
        if (replayPick.equals(ANYONE)) {
            status.set("stepped to: " + e.participant() + " " + describeMove(e));
            replayPick = "";
            return;
        }
        if (!e.participant().equals(replayPick)) {
            replaySkipped++;
            return;
        }
        String others = replaySkipped == 0
                ? ""
                : ", after " + replaySkipped + " event" + (replaySkipped == 1 ? "" : "s") + " of others";
        status.set(e.participant() + " stepped: " + describeMove(e) + others);
        replayPick = "";
    }

    private static String describeMove(org.barrierlab.runmodel.event.TraceEvent e) {
        if (e.scope().isEmpty()) {
            String text = e.attr("text");
            String code = e.attr("code");
            return e.type() + (text != null ? ": " + text : code != null ? " (code " + code + ")" : "");
        }
        return e.type() + " " + shortOp(e.scope()) + " gen " + e.generation();
    }

    /**
     * A participant took a granted step: the status line says who and what it does, e.g.
     * {@code p3 took one step: enter festival}, so the class sees whom the step went to.
     */
    public void stepTaken(String participant, String op) {
        lastStepper = participant;
        String what = shortOp(op);
        status.set(participant + " took one step" + (what.isEmpty() ? "" : ": " + what));
    }

    /**
     * A participant waits at the step gate for {@code op}: if it took the last step, the status
     * line adds what it will do next ({@code p3 took one step: enter festival; next: leave
     * festival}).
     */
    public void nextStep(String participant, String op) {
        if (participant.equals(lastStepper) && status.get().startsWith(participant + " took one step")) {
            String was = status.get();
            int cut = was.indexOf("; next: ");
            status.set((cut < 0 ? was : was.substring(0, cut)) + "; next: " + shortOp(op));
        }
    }

    private static String shortOp(String op) {
        return op == null ? "" : op.replace("/barriers/", "").replace("/inner/", "/");
    }

    /** Sets the status line (FX thread). */
    public void setStatus(String text) {
        status.set(Objects.requireNonNull(text, "text"));
    }

    // ------------------------------------------------------------------ commands

    /** Start (Start button): releases participants held at the start; they run freely. */
    public void start() {
        if (held.get()) {
            held.set(false);
            send(replaying() ? "playing" : "start", RunControl::continueRun);
        }
    }

    /** Space and "." : starts a held run, otherwise grants exactly one step (step mode on). */
    public void startOrStep() {
        if (held.get()) {
            start();
        } else if (control.get() == RunControl.NONE) {
            // The window of a demo is up while ZooKeeper and the participants still start: a
            // space pressed then is the presenter's start, not a step to nobody; it waits for the run.
            startQueued = true;
            status.set("the run starts as soon as the participants are up");
        } else {
            step();
        }
    }

    /** Grants one step (turns step mode on first); in a replay: shows the next event. */
    public void step() {
        held.set(false);
        if (replaying()) {
            replayPick = ANYONE; // the status then says which event the step showed
        }
        send("step", RunControl::step);
    }

    private boolean replaying() {
        return !replayParticipants.isEmpty();
    }

    /**
     * A number key or a click on a token: {@code participant} moves next (step mode on), the
     * others keep waiting; {@code nextOp} (what it waits to do, may be empty) goes in the status.
     */
    public void stepParticipant(String participant, String nextOp) {
        held.set(false);
        String what = shortOp(nextOp);
        send(participant + " moves next" + (what.isEmpty() ? "" : ": " + what), c -> c.step(participant));
    }

    /** As {@link #stepParticipant(String, String)} without knowing what it will do. */
    public void stepParticipant(String participant) {
        stepParticipant(participant, "");
    }

    /** Pauses the participants before their next barrier operation (a replay: before its next event). */
    public void pause() {
        send(
                replaying()
                        ? "paused: . or space shows the next event, 1-9 jumps to that participant, Continue plays on"
                        : "pause",
                RunControl::pause);
    }

    /** Leaves step mode (also starts a held run). */
    public void continueRun() {
        held.set(false);
        send(replaying() ? "playing" : "continue", RunControl::continueRun);
    }

    /** Sets the run's speed (think times divided by it), clamped to the slider's range. */
    public void setSpeed(double factor) {
        double v = clampSpeed(factor);
        speed.set(v);
        send(String.format(Locale.ROOT, "speed %.2fx", v), c -> c.setSpeed(v));
    }

    static double clampSpeed(double factor) {
        if (!(factor > 0) || Double.isNaN(factor)) {
            throw new IllegalArgumentException("speed must be > 0, was " + factor);
        }
        return Math.max(MIN_SPEED, Math.min(MAX_SPEED, factor));
    }

    /** A command to the run; one of the control's methods. */
    @FunctionalInterface
    public interface Command {
        void send(RunControl c) throws ControlException;
    }

    /** Runs a command on the command executor and reports it in the status line. */
    public void send(String name, Command command) {
        RunControl c = control.get();
        String pending = name + "\u2026";
        status.set(pending);
        commands.execute(() -> {
            String result;
            boolean failed = false;
            try {
                command.send(c);
                // a replay obeys at once: nothing is "sent" anywhere
                result = replaying() ? name : "sent: " + name;
            } catch (ControlException | RuntimeException ex) {
                result = name + " failed: " + ex.getMessage();
                failed = true;
            }
            String r = result;
            boolean f = failed;
            fxThread.execute(() -> {
                // "sent" must not hide newer news (who took the step it granted); a failure always shows
                if (f || status.get().equals(pending)) {
                    status.set(r);
                }
            });
        });
    }
}
