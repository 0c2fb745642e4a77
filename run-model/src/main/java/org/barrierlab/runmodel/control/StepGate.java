package org.barrierlab.runmodel.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.record.ZkTraceRecorder;

/**
 * The step gate of a run ({@code <run root>/gate}, documented in docs/znode-layout.md, "Step
 * gate"). The gate's data is one line {@code mode=run|step speed=<x>}; in step mode every
 * participant stops before each barrier operation until it consumes one grant token, a {@code
 * PERSISTENT_SEQUENTIAL} child {@code grant-NNNNNNNNNN} of the gate. Consuming means deleting:
 * ZooKeeper lets exactly one participant delete a token, so one grant is exactly one step. A
 * token {@code grant-<id>-NNNNNNNNNN} ({@link #grant(ZooKeeper, RunLayout, String)}) is for
 * participant {@code id} only: the presenter picks who moves next.
 *
 * <p>The controlling side (launcher, visualizer through the control channel) uses the static
 * methods; each participant uses one instance ({@link #awaitStep}), which caches the gate's
 * mode and speed through a data watch (the watcher only signals; the participant's thread
 * re-reads).
 *
 * <pre>{@code
 * StepGate.setMode(zk, run, true, 1.0);       // pause: step mode
 * StepGate.grant(zk, run);                    // one participant takes one step
 * StepGate.setMode(zk, run, false, 1.0);      // continue
 * }</pre>
 *
 * <p>An instance is used by one participant thread; the static methods are thread-safe.
 */
public final class StepGate {

    /** Prefix of grant tokens under the gate. */
    public static final String GRANT = "grant-";

    private final ZooKeeper zk;
    private final RunLayout run;
    private final String self;
    private final ZkTraceRecorder trace;
    private final Object signal = new Object();
    private volatile boolean dirty = true;
    private volatile boolean stepMode;
    private volatile double speed = 1.0;

    private volatile boolean tokensChanged;
    private final Watcher watcher = this::onDataWatch;
    private final Watcher childWatcher = this::onChildWatch;

    public StepGate(ZooKeeper zk, RunLayout run, String self, ZkTraceRecorder trace) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
        this.self = Objects.requireNonNull(self, "self");
        this.trace = Objects.requireNonNull(trace, "trace");
    }

    private void onDataWatch(WatchedEvent e) {
        if (e.getType() == Watcher.Event.EventType.None) {
            return;
        }
        dirty = true;
        wake();
    }

    private void onChildWatch(WatchedEvent e) {
        if (e.getType() == Watcher.Event.EventType.None) {
            return;
        }
        tokensChanged = true;
        wake();
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The gate's data line for a mode and speed. */
    public static String encode(boolean step, double speed) {
        return "mode=" + (step ? "step" : "run") + " speed=" + String.format(Locale.ROOT, "%s", speed);
    }

    /** Creates the gate node (run mode or step mode) if absent. */
    public static void create(ZooKeeper zk, RunLayout run, boolean step, double speed)
            throws KeeperException, InterruptedException {
        try {
            zk.create(run.gate(), bytes(encode(step, speed)), run.acl(), CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            setMode(zk, run, step, speed);
        }
    }

    /** Sets step mode on or off and the speed; turning step mode off also drops unused grants. */
    public static void setMode(ZooKeeper zk, RunLayout run, boolean step, double speed)
            throws KeeperException, InterruptedException {
        zk.setData(run.gate(), bytes(encode(step, speed)), -1);
        if (!step) {
            for (String child : zk.getChildren(run.gate(), false)) {
                try {
                    zk.delete(run.gate() + "/" + child, -1);
                } catch (KeeperException.NoNodeException e) {
                    // consumed meanwhile
                }
            }
        }
    }

    /** Adds one grant token: exactly one waiting (or the next arriving) participant takes one step. */
    public static void grant(ZooKeeper zk, RunLayout run) throws KeeperException, InterruptedException {
        zk.create(run.gate() + "/" + GRANT, new byte[0], run.acl(), CreateMode.PERSISTENT_SEQUENTIAL);
    }

    /**
     * Adds one grant token for {@code participant} only ({@code grant-<id>-NNNNNNNNNN}): it takes
     * one step when it waits at (or next arrives at) the gate; the others keep waiting. This is
     * how the presenter picks who moves next.
     *
     * @throws IllegalArgumentException if {@code participant} is not a valid participant id
     */
    public static void grant(ZooKeeper zk, RunLayout run, String participant)
            throws KeeperException, InterruptedException {
        String id = RunLayout.requireName(participant, "participant id");
        zk.create(run.gate() + "/" + GRANT + id + "-", new byte[0], run.acl(), CreateMode.PERSISTENT_SEQUENTIAL);
    }

    /**
     * Whether token {@code name} may be taken by participant {@code id}: an open grant ({@code
     * grant-NNNNNNNNNN}) or one for {@code id} ({@code grant-<id>-NNNNNNNNNN}).
     */
    static boolean mayTake(String name, String id) {
        if (!name.startsWith(GRANT)) {
            return false;
        }
        String rest = name.substring(GRANT.length());
        int dash = rest.lastIndexOf('-');
        return dash < 0 ? !rest.isEmpty() : rest.substring(0, dash).equals(id);
    }

    /** The sequence number of a token, which orders open and personal grants together. */
    private static String sequence(String name) {
        return name.substring(name.length() - 10);
    }

    /** Reads the gate: {@code [step ? 1 : 0, speed]}. */
    public static double[] read(ZooKeeper zk, RunLayout run) throws KeeperException, InterruptedException {
        return parse(new String(zk.getData(run.gate(), false, null), StandardCharsets.UTF_8));
    }

    static double[] parse(String data) {
        boolean step = false;
        double speed = 1.0;
        for (String part : data.trim().split("\\s+")) {
            if (part.equals("mode=step")) {
                step = true;
            } else if (part.startsWith("speed=")) {
                try {
                    double s = Double.parseDouble(part.substring(6));
                    if (s > 0 && Double.isFinite(s)) {
                        speed = s;
                    }
                } catch (NumberFormatException e) {
                    // keep the default: a bad speed must not stop a run
                }
            }
        }
        return new double[] {step ? 1 : 0, speed};
    }

    /** The current speed factor (think times are divided by it). */
    public double speed() throws KeeperException, InterruptedException {
        refresh();
        return speed;
    }

    private void refresh() throws KeeperException, InterruptedException {
        if (!dirty) {
            return;
        }
        dirty = false;
        byte[] data;
        try {
            data = ConnectionLossRetry.call(zk, () -> zk.getData(run.gate(), watcher, null));
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            dirty = true; // the read (and the watch it arms) must be made again, not forgotten
            throw e;
        }
        double[] g = parse(new String(data, StandardCharsets.UTF_8));
        stepMode = g[0] != 0;
        speed = g[1];
    }

    /**
     * Returns at once in run mode; in step mode records {@code step-wait}, waits until this
     * participant consumes a grant token (or step mode ends), and records {@code step}.
     *
     * <p>Woken by: a new grant token, a change of the gate's mode.
     *
     * @param op the operation about to run, e.g. {@code await /barriers/all}
     * @param scope the barrier path relative to the run root, for the trace
     * @param deadlineNanos {@link System#nanoTime()} by which to give up
     * @throws TimeoutException if no step was granted before the deadline
     */
    public void awaitStep(String op, String scope, long generation, long deadlineNanos)
            throws KeeperException, InterruptedException, TimeoutException {
        refresh();
        if (!stepMode) {
            return;
        }
        trace.record(TraceEvent.of(self, EventType.STEP_WAIT, scope, generation).with("op", op));
        while (true) {
            refresh();
            if (!stepMode) {
                trace.record(TraceEvent.of(self, EventType.STEP, scope, generation)
                        .with("op", op)
                        .with("by", "continue"));
                return;
            }
            tokensChanged = false;
            List<String> tokens =
                    new ArrayList<>(ConnectionLossRetry.call(zk, () -> zk.getChildren(run.gate(), childWatcher)));
            tokens.removeIf(t -> !mayTake(t, self));
            tokens.sort(Comparator.comparing(StepGate::sequence));
            for (String token : tokens) {
                try {
                    zk.delete(run.gate() + "/" + token, -1);
                    trace.record(TraceEvent.of(self, EventType.STEP, scope, generation)
                            .with("op", op)
                            .with("by", "grant")
                            .with("picked", Boolean.toString(token.length() > GRANT.length() + 10)));
                    return;
                } catch (KeeperException.NoNodeException e) {
                    // another participant took this token; try the next one
                }
            }
            synchronized (signal) {
                // The watches were armed by the reads above, so a change since then sets a flag.
                if (!dirty && !tokensChanged) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("no step was granted before the run's deadline (" + op + ")");
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
