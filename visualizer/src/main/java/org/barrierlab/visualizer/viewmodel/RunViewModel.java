package org.barrierlab.visualizer.viewmodel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.SourceBatch;

/**
 * The view model of one run: the event log in zxid order, the live state (all events folded
 * in), and the displayed state, which is either the live state or, while the presenter scrubs
 * the timeline, the state after the first {@link #positionProperty() position} events. The
 * live run keeps going while the view is scrubbed: new events extend the log and the live state
 * but do not move the displayed state until {@link #followLive()}.
 *
 * <p>Plain JavaFX beans, nothing from {@code javafx.scene}: unit-tested without a window. Not
 * thread-safe: call everything on the FX thread (events arrive through the {@link EventFunnel}).
 *
 * <pre>{@code
 * RunViewModel vm = new RunViewModel();
 * vm.accept(funnel.drain());
 * vm.scrubTo(10);                        // show the state after 10 events
 * RunState shown = vm.stateProperty().get();
 * vm.followLive();
 * }</pre>
 */
public final class RunViewModel {

    /** A checkpoint of the state every this many events keeps scrubbing O(interval). */
    static final int CHECKPOINT_INTERVAL = 64;

    private final List<TraceEvent> events = new ArrayList<>();
    private final ObservableList<TraceEvent> log = FXCollections.observableArrayList();
    private final ObservableList<TraceEvent> readOnlyLog = FXCollections.unmodifiableObservableList(log);
    private final List<RunState> checkpoints = new ArrayList<>(List.of(RunState.EMPTY));
    private RunState live = RunState.EMPTY;

    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state", RunState.EMPTY);
    private final ReadOnlyObjectWrapper<RunState> liveState =
            new ReadOnlyObjectWrapper<>(this, "liveState", RunState.EMPTY);
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position", 0);
    private final ReadOnlyIntegerWrapper eventCount = new ReadOnlyIntegerWrapper(this, "eventCount", 0);
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(this, "following", true);
    private final ReadOnlyObjectWrapper<Optional<Set<String>>> presence =
            new ReadOnlyObjectWrapper<>(this, "presence", Optional.empty());
    private final ReadOnlyStringWrapper sourceDescription = new ReadOnlyStringWrapper(this, "sourceDescription", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    /** Applies batches from the funnel, in order. FX thread only. */
    public void accept(List<SourceBatch> batches) {
        boolean changed = false;
        for (SourceBatch b : batches) {
            for (TraceEvent e : b.events()) {
                append(e);
                changed = true;
            }
            b.presence().ifPresent(p -> presence.set(Optional.of(Set.copyOf(p))));
        }
        if (!changed) {
            return;
        }
        log.addAll(events.subList(log.size(), events.size()));
        eventCount.set(events.size());
        liveState.set(live);
        if (following.get()) {
            position.set(events.size());
            state.set(live);
        }
    }

    private void append(TraceEvent e) {
        if (!events.isEmpty()
                && e.zxid() != 0
                && e.zxid() <= events.get(events.size() - 1).zxid()) {
            return; // already seen (a re-read after reconnect); the log stays in zxid order
        }
        events.add(e);
        live = RunReducer.apply(live, e);
        if (events.size() % CHECKPOINT_INTERVAL == 0) {
            checkpoints.add(live);
        }
    }

    /** Forgets everything: a new run is about to be shown. */
    public void reset() {
        events.clear();
        log.clear();
        checkpoints.clear();
        checkpoints.add(RunState.EMPTY);
        live = RunState.EMPTY;
        eventCount.set(0);
        position.set(0);
        following.set(true);
        presence.set(Optional.empty());
        liveState.set(RunState.EMPTY);
        state.set(RunState.EMPTY);
    }

    /** The state after the first {@code k} events (0 <= k <= event count). */
    public RunState stateAt(int k) {
        if (k < 0 || k > events.size()) {
            throw new IllegalArgumentException("position must be in 0.." + events.size() + ", was " + k);
        }
        if (k == events.size()) {
            return live;
        }
        int cp = k / CHECKPOINT_INTERVAL;
        RunState s = checkpoints.get(cp);
        for (int i = cp * CHECKPOINT_INTERVAL; i < k; i++) {
            s = RunReducer.apply(s, events.get(i));
        }
        return s;
    }

    /** Shows the state after {@code k} events (clamped to the log) and stops following live. */
    public void scrubTo(int k) {
        int clamped = Math.max(0, Math.min(events.size(), k));
        following.set(false);
        position.set(clamped);
        state.set(stateAt(clamped));
    }

    /** Moves the shown position by {@code delta} events. */
    public void scrubBy(int delta) {
        scrubTo(position.get() + delta);
    }

    /** Shows the live state again and follows new events. */
    public void followLive() {
        following.set(true);
        position.set(events.size());
        state.set(live);
    }

    /** The events up to the shown position (for the space-time diagram). */
    public List<TraceEvent> shownEvents() {
        return Collections.unmodifiableList(events.subList(0, position.get()));
    }

    /** All events, in zxid order (for saving a recording). */
    public List<TraceEvent> allEvents() {
        return List.copyOf(events);
    }

    /** Sets the description of the source (title bar). */
    public void setSourceDescription(String text) {
        sourceDescription.set(text);
    }

    /** Sets the one-line status shown to the presenter (last command, errors). */
    public void setStatus(String text) {
        status.set(text);
    }

    /** The event log, zxid order; read-only. */
    public ObservableList<TraceEvent> log() {
        return readOnlyLog;
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunState> liveStateProperty() {
        return liveState.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty eventCountProperty() {
        return eventCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    /** Present participants (their ephemeral presence nodes), if the source knows presence. */
    public ReadOnlyObjectProperty<Optional<Set<String>>> presenceProperty() {
        return presence.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceDescriptionProperty() {
        return sourceDescription.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
