package org.barrierlab.visualizer.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.record.TraceJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a JSON-lines recording ({@link TraceJson} lines, one event each) with no ZooKeeper.
 * Either {@link #instant instantly} (all events in one batch) or {@link #paced paced} by the
 * events' own timestamps, scaled by the speed factor, with long gaps capped and short ones
 * stretched to {@link #MIN_GAP_MILLIS}, so the class
 * sees the run unfold. A paced replay obeys the presenter's controls like a live run: pause,
 * step (exactly one event), continue, speed.
 *
 * <pre>{@code
 * ReplaySource replay = ReplaySource.paced(ReplaySource.read(Path.of("run.jsonl")), "run.jsonl");
 * replay.start(batch -> funnel.offer(batch));
 * replay.control().step();
 * }</pre>
 */
public final class ReplaySource implements EventSource, RunControl {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    /** Longest pause between two replayed events at speed 1, however long the recorded gap. */
    static final long MAX_GAP_MILLIS = 800;

    /**
     * Shortest pause between two replayed events at speed 1: a run's barrier activity lasts
     * about 1.5 s, so at the recorded pace a class saw only its end (nested.jsonl played its
     * 94 events in under 3 s); now each event stays on screen long enough to be followed.
     */
    static final long MIN_GAP_MILLIS = 250;

    private final List<TraceEvent> events;
    private final String name;
    private final boolean paced;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private int stepsGranted;
    private double speed = 1.0;
    private boolean closed;
    /** The presenter's pick: deliver events until this participant has moved; null for none. */
    private String pickFor;
    /** The index of the next event to deliver. */
    private int next;

    private Thread player;

    private ReplaySource(List<TraceEvent> events, String name, boolean paced) {
        this.events = List.copyOf(events);
        this.name = Objects.requireNonNull(name, "name");
        this.paced = paced;
    }

    /**
     * Reads a recording. Blank lines are skipped; events are put in zxid order.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line if a line is not a trace event
     */
    public static List<TraceEvent> read(Path file) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(TraceJson.decode(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.comparingLong(TraceEvent::zxid));
        return out;
    }

    /** Writes events as a recording, one {@link TraceJson} line each. */
    public static void write(Path file, List<TraceEvent> events) throws IOException {
        List<String> lines = new ArrayList<>(events.size());
        for (TraceEvent e : events) {
            lines.add(TraceJson.encode(e));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** A replay that delivers everything in one batch as soon as it starts. */
    public static ReplaySource instant(List<TraceEvent> events, String name) {
        return new ReplaySource(events, name, false);
    }

    /** A replay paced by the recorded timestamps, obeying pause, step and speed. */
    public static ReplaySource paced(List<TraceEvent> events, String name) {
        return new ReplaySource(events, name, true);
    }

    /** The whole recording, in zxid order (played or not). */
    public List<TraceEvent> events() {
        return events;
    }

    /** Number of events in the recording. */
    public int size() {
        return events.size();
    }

    @Override
    public void start(Sink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("replay already started");
        }
        if (!paced) {
            sink.accept(SourceBatch.of(events));
            return;
        }
        player = new Thread(() -> play(sink), "viz-replay");
        player.setDaemon(true);
        player.start();
    }

    private void play(Sink sink) {
        try {
            for (int i = 0; i < events.size(); i++) {
                TraceEvent e = events.get(i);
                long gap = i == 0
                        ? 0
                        : Math.max(
                                MIN_GAP_MILLIS,
                                Math.min(
                                        MAX_GAP_MILLIS,
                                        e.timeMillis() - events.get(i - 1).timeMillis()));
                if (!awaitTurn(gap)) {
                    return;
                }
                sink.accept(SourceBatch.of(List.of(e)));
                delivered(i);
            }
            LOG.info("Replay of {} finished: {} events", name, events.size());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the next event may be delivered; false when closed. */
    private boolean awaitTurn(long gapMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + (long) (TimeUnit.MILLISECONDS.toNanos(gapMillis) / speed);
            while (true) {
                if (closed) {
                    return false;
                }
                if (paused) {
                    if (pickFor != null) {
                        return true; // jumping to the picked participant's next event: no pacing
                    }
                    if (stepsGranted > 0) {
                        stepsGranted--;
                        return true;
                    }
                    changed.await(1, TimeUnit.SECONDS);
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return "replay " + name;
    }

    @Override
    public RunControl control() {
        return this;
    }

    @Override
    public void pause() {
        signal(() -> paused = true);
    }

    @Override
    public void step() {
        signal(() -> {
            paused = true;
            stepsGranted++;
        });
    }

    private void delivered(int index) {
        lock.lock();
        try {
            next = index + 1;
            if (events.get(index).participant().equals(pickFor)) {
                pickFor = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The presenter picked {@code participant}: the replay pauses and jumps forward until that
     * participant's next recorded event has been delivered (the others' events before it too:
     * they happened first).
     *
     * @throws ControlException if the participant has no event left in the recording
     */
    @Override
    public void step(String participant) throws ControlException {
        Objects.requireNonNull(participant, "participant");
        lock.lock();
        try {
            boolean ahead = false;
            for (int i = next; i < events.size() && !ahead; i++) {
                ahead = events.get(i).participant().equals(participant);
            }
            if (!ahead) {
                throw new ControlException(participant + " has no more events in this recording");
            }
            paused = true;
            pickFor = participant;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The recording's participants in natural order (p2 before p10), for the number keys. */
    public List<String> participants() {
        java.util.TreeSet<String> ps = new java.util.TreeSet<>(org.barrierlab.runmodel.state.NaturalOrder.INSTANCE);
        for (TraceEvent e : events) {
            if (!"launcher".equals(e.participant())) {
                ps.add(e.participant());
            }
        }
        return List.copyOf(ps);
    }

    @Override
    public void continueRun() {
        signal(() -> {
            paused = false;
            stepsGranted = 0;
            pickFor = null;
        });
    }

    @Override
    public void setSpeed(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + factor);
        }
        signal(() -> speed = factor);
    }

    @Override
    public boolean supportsFaults() {
        return false;
    }

    @Override
    public void kill(String participant) throws ControlException {
        throw new ControlException("a replay cannot kill " + participant + ": it only shows what was recorded");
    }

    @Override
    public void restart(String participant) throws ControlException {
        throw new ControlException("a replay cannot restart " + participant + ": it only shows what was recorded");
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        signal(() -> closed = true);
    }
}
