package org.barrierlab.launcher.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.jvm.ParticipantClassPath;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.control.ControlCommand;
import org.barrierlab.runmodel.control.StepGate;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.Phase;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a scenario: participant JVMs (here or over the remote shell) coordinated through
 * the run's own ZooKeeper namespace {@code /barrierlab/runs/<run-id>}, watched until they end,
 * judged, and stopped. This is the launcher's Java API; {@code barrierlab demo} and the
 * visualizer both use it.
 *
 * <p><b>Guarantees.</b> A run never hangs: it ends when every participant JVM has exited, or
 * at its deadline, or when every live participant has been blocked in a barrier with no event
 * for a few seconds (a stall); in the last two cases the verdict is {@code HUNG} (naming who
 * is stuck where) and all participant JVMs are killed. Participant JVMs never outlive the run:
 * {@link #close()} and a shutdown hook kill them, and each participant also exits on its own
 * when the run's ephemeral {@code launcher} node disappears or its stdin closes.
 *
 * <p><b>Control.</b> {@link #kill}, {@link #restart}, {@link #grantStep}, {@link
 * #continueRun}, {@link #setStepMode} and {@link #setSpeed} act at once; a process that does
 * not own the run (a visualizer attached with {@code --zk}) writes the same commands to the
 * run's control channel ({@link #sendControl}), which the run executes in order. See
 * docs/znode-layout.md ("Step gate", "Control").
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder("nested").participants(4).speed(2).build();
 * try (Run run = Run.start(spec)) {
 *     run.addListener(new RunListener() {
 *         public void onState(RunState state) { ... }
 *     });
 *     Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
 *     System.out.println(v.line());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Run implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    /** Session timeout of the launcher's own ZooKeeper client. */
    static final int SESSION_TIMEOUT_MS = 4000;

    /** Every live participant blocked in a barrier with no new event for this long: HUNG. */
    static final long STALL_MILLIS = 3000;

    /** No stall is declared this soon after a kill (the victim's session must expire first). */
    static final long AFTER_KILL_GRACE_MILLIS = SESSION_TIMEOUT_MS + 6000;

    private final RunSpec spec;
    private final Scenario scenario;
    private final RunLayout layout;
    private final EmbeddedZooKeeper embedded;
    private final String connectString;
    private final ZooKeeper zk;
    private final ZkTraceRecorder recorder;
    private final RemoteShell remoteShell;
    private final List<String> ids;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    /** The one reduction of the events read so far (guarded by this). */
    private RunState state = RunState.EMPTY;

    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    private final Object wake = new Object();
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final Thread monitor;
    private final Thread shutdownHook;
    private final List<TraceEvent> history = new ArrayList<>();
    private volatile boolean stepMode;
    private volatile double speed;
    private volatile boolean aborted;
    private volatile boolean closed;
    private long lastEventNanos = System.nanoTime();
    private long lastKillNanos = Long.MIN_VALUE / 2;

    /** One spawned participant JVM (or remote shell). */
    private static final class Proc {
        final String id;
        final String host;
        final Process process;
        final int attempt;
        volatile boolean killed;
        volatile int exitCode = -1;
        volatile boolean exitRecorded;
        volatile String lastLine = "";

        Proc(String id, String host, Process process, int attempt) {
            this.id = id;
            this.host = host;
            this.process = process;
            this.attempt = attempt;
        }

        boolean alive() {
            return exitCode < 0;
        }
    }

    private Run(RunSpec spec, EmbeddedZooKeeper embedded, String connectString, ZooKeeper zk, RunLayout layout) {
        this.spec = spec;
        this.scenario = spec.scenario();
        this.embedded = embedded;
        this.connectString = connectString;
        this.zk = zk;
        this.layout = layout;
        this.recorder = new ZkTraceRecorder(zk, layout);
        this.remoteShell = RemoteShell.parse(spec.remoteShell());
        this.ids = spec.participantIds();
        this.stepMode = spec.step();
        this.speed = spec.speed();
        this.deadlineNanos = startNanos + deadlineOf(spec).toNanos();
        this.monitor = new Thread(this::monitorLoop, "run-monitor-" + layout.runId());
        this.monitor.setDaemon(true);
        this.shutdownHook = new Thread(this::killAllNow, "run-shutdown-" + layout.runId());
    }

    /** The deadline of a run: explicit, or derived from the scenario, rounds and speed. */
    public static java.time.Duration deadlineOf(RunSpec spec) {
        if (spec.deadline() != null) {
            return spec.deadline();
        }
        if (spec.step()) {
            return java.time.Duration.ofMinutes(30); // a presenter takes their time
        }
        long expected = spec.scenario()
                .expectedDuration(spec.participants(), spec.rounds())
                .toMillis();
        return java.time.Duration.ofMillis(20_000 + (long) (3 * expected / spec.speed()));
    }

    /**
     * Starts a run: the embedded ZooKeeper (unless the spec names an ensemble), the run's
     * namespace, the participant JVMs and the monitor that judges the run.
     *
     * @throws RunSpecException if the ensemble cannot be reached or the scenario cannot run here
     * @throws IOException if a participant process cannot be started
     * @throws KeeperException if the run's namespace cannot be created
     * @throws InterruptedException if interrupted while starting
     */
    public static Run start(RunSpec spec) throws IOException, KeeperException, InterruptedException {
        Optional<String> unavailable = spec.scenario().unavailableReason();
        if (unavailable.isPresent()) {
            throw new RunSpecException(unavailable.get());
        }
        EmbeddedZooKeeper embedded = null;
        String connect = spec.connectString();
        if (connect == null) {
            embedded = EmbeddedZooKeeper.standalone(0);
            connect = embedded.connectString();
        }
        ZooKeeper zk = null;
        try {
            zk = connect(connect);
            RunLayout layout = RunLayout.of(spec.runId() != null ? spec.runId() : newRunId());
            Run run = new Run(spec, embedded, connect, zk, layout);
            run.createNamespace();
            Runtime.getRuntime().addShutdownHook(run.shutdownHook);
            for (int i = 0; i < run.ids.size(); i++) {
                run.spawn(run.ids.get(i), i, 1);
            }
            run.monitor.start();
            return run;
        } catch (IOException | KeeperException | InterruptedException | RuntimeException e) {
            if (zk != null) {
                zk.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static ZooKeeper connect(String connect) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, SESSION_TIMEOUT_MS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new RunSpecException("cannot reach ZooKeeper at " + connect + " (no session within 10 s)");
        }
        return zk;
    }

    /** A fresh run id: {@code r-<yyyyMMdd-HHmmss>-<4 hex>}. */
    public static String newRunId() {
        return "r-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    private void createNamespace() throws KeeperException, InterruptedException {
        ensure("/barrierlab");
        ensure(RunLayout.RUNS_ROOT);
        TraceEvent start = TraceEvent.of("launcher", EventType.RUN_START, "", -1)
                .with("scenario", scenario.name())
                .with("participants", String.join(",", ids))
                .with("rounds", Integer.toString(spec.rounds()))
                .with("speed", Double.toString(spec.speed()))
                .with("barrier", spec.barrier())
                .with("seed", Long.toString(spec.seed()));
        try {
            zk.create(
                    layout.root(), bytes(TraceJson.encode(start)), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            throw new RunSpecException("run " + layout.runId() + " already exists in " + connectString);
        }
        for (String p : List.of(layout.events(), layout.participants(), layout.barriers(), layout.control())) {
            zk.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        StepGate.create(zk, layout, spec.step(), spec.speed());
        zk.create(
                layout.launcher(),
                bytes("host=" + localHost() + " pid=" + ProcessHandle.current().pid()),
                ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL);
        recorder.record(start);
        zk.addWatch(layout.root(), e -> wakeMonitor(), AddWatchMode.PERSISTENT_RECURSIVE);
    }

    private void ensure(String path) throws KeeperException, InterruptedException {
        try {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // shared by all runs
        }
    }

    private String hostFor(int index) {
        return spec.hosts().isEmpty()
                ? "local"
                : spec.hosts().get(index % spec.hosts().size());
    }

    private synchronized void spawn(String id, int index, int attempt)
            throws IOException, KeeperException, InterruptedException {
        int killRound = 0;
        if (attempt == 1) {
            for (KillSpec k : spec.kills()) {
                if (k.participant().equals(id) && k.isRoundKill()) {
                    killRound = k.round();
                }
            }
        }
        long participantDeadline = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 15_000;
        List<String> java = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=barrierlab-participant-logback.xml",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                ParticipantClassPath.of(System.getProperty("java.class.path")),
                ParticipantMain.class.getName()));
        java.addAll(ParticipantMain.arguments(
                connectString,
                layout.runId(),
                id,
                scenario.name(),
                ids,
                spec.rounds(),
                spec.seed(),
                spec.barrier(),
                killRound,
                Math.max(1000, participantDeadline)));
        String host = hostFor(index);
        List<String> command =
                spec.hosts().isEmpty() ? java : remoteShell.command(host, RemoteShell.reportingSignals(java));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start participant " + id + (spec.hosts().isEmpty() ? "" : " on host " + host) + ": "
                            + e.getMessage(),
                    e);
        }
        Proc proc = new Proc(id, host, p, attempt);
        procs.put(id, proc);
        recorder.record(TraceEvent.of(id, EventType.SPAWN, "", -1)
                .with("host", host)
                .with("pid", Long.toString(p.pid()))
                .with("role", scenario.role(id, ids))
                .with("attempt", Integer.toString(attempt)));
        Thread pump = new Thread(() -> pump(proc, p.getInputStream()), "output-" + id + "-" + attempt);
        pump.setDaemon(true);
        pump.start();
        p.onExit().thenRun(() -> {
            proc.exitCode = p.exitValue();
            wakeMonitor();
        });
    }

    private void pump(Proc proc, InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    proc.lastLine = line;
                }
                for (RunListener l : listeners) {
                    l.onOutput(proc.id, line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Output of {} ended: {}", proc.id, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ public API

    /** The run id (the last segment of the run's namespace). */
    public String runId() {
        return layout.runId();
    }

    /** The connect string of the ensemble this run uses (the embedded server's if it owns one). */
    public String connectString() {
        return connectString;
    }

    /** Paths of the run's namespace. */
    public RunLayout layout() {
        return layout;
    }

    /** The run's specification. */
    public RunSpec spec() {
        return spec;
    }

    /**
     * The run's state after the events read so far: the one reduction ({@link RunReducer}) that
     * the terminal view, the verdict and the visualizer share.
     */
    public synchronized RunState state() {
        return state;
    }

    /** A snapshot of the participants (from {@link #state()}), in participant order. */
    public List<ParticipantState> participants() {
        return List.copyOf(state().participants().values());
    }

    /** The events read so far, in zxid order (a copy). */
    public synchronized List<TraceEvent> history() {
        return List.copyOf(history);
    }

    /** Adds a listener; it first receives the current state. */
    public void addListener(RunListener l) {
        listeners.add(l);
        l.onState(state());
    }

    public void removeListener(RunListener l) {
        listeners.remove(l);
    }

    /** True once the verdict is known. */
    public boolean isDone() {
        return verdict.isDone();
    }

    /**
     * Waits for the verdict.
     *
     * @throws TimeoutException if the run has not ended within the timeout
     * @throws InterruptedException if interrupted
     */
    public Verdict awaitVerdict(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        try {
            return verdict.get(timeout, unit);
        } catch (ExecutionException e) {
            return Verdict.fail("the launcher failed: " + e.getCause());
        }
    }

    /**
     * Kills participant {@code id}'s JVM with SIGKILL now (a no-op if it is not running): locally
     * with {@link Process#destroyForcibly()}, remotely with {@code kill -9} through the remote
     * shell. Records a {@code kill} event first.
     *
     * @throws IllegalArgumentException if the run has no such participant
     */
    public void kill(String id) throws KeeperException, InterruptedException {
        requireParticipant(id);
        Proc proc;
        synchronized (this) {
            proc = procs.get(id);
            if (proc == null || !proc.alive() || proc.killed) {
                return;
            }
            proc.killed = true;
            lastKillNanos = System.nanoTime();
        }
        recorder.record(TraceEvent.of(id, EventType.KILL, "", -1)
                .with("signal", "KILL")
                .with("host", proc.host)
                .with("pid", Long.toString(proc.process.pid())));
        if (!spec.hosts().isEmpty()) {
            killRemote(proc);
        }
        proc.process.destroyForcibly();
        wakeMonitor();
    }

    private void killRemote(Proc proc) throws InterruptedException {
        String pid = remotePid(proc.id);
        if (pid == null) {
            return; // not announced yet: killing the remote shell closes its stdin, the JVM follows
        }
        List<String> cmd = remoteShell.command(proc.host, List.of("kill", "-9", pid));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                LOG.warn("Remote kill of {} on {} did not finish within 10 s", proc.id, proc.host);
            } else if (k.exitValue() != 0) {
                LOG.warn("Remote kill of {} on {} exited with {}", proc.id, proc.host, k.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("Cannot run the remote kill of {} on host {}: {}", proc.id, proc.host, e.getMessage());
        }
    }

    private String remotePid(String id) throws InterruptedException {
        try {
            String data = new String(zk.getData(layout.participant(id), false, null), StandardCharsets.UTF_8);
            for (String part : data.split("\\s+")) {
                if (part.startsWith("pid=")) {
                    return part.substring(4);
                }
            }
        } catch (KeeperException e) {
            LOG.debug("No presence of {}: {}", id, e.getMessage());
        }
        return null;
    }

    /**
     * Kills participant {@code id} (if running), waits for its JVM to exit, and starts it again
     * from the beginning of its story.
     *
     * @throws IllegalArgumentException if the run has no such participant
     * @throws IllegalStateException if the run has ended
     */
    public void restart(String id) throws KeeperException, InterruptedException, IOException {
        requireParticipant(id);
        if (verdict.isDone()) {
            throw new IllegalStateException("run " + runId() + " has ended; cannot restart " + id);
        }
        kill(id);
        Proc old;
        synchronized (this) {
            old = procs.get(id);
        }
        if (old != null && !old.process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("participant " + id + " did not exit within 10 s");
        }
        if (old != null) {
            old.exitCode = old.process.exitValue();
        }
        synchronized (this) {
            recordExits();
            spawn(id, ids.indexOf(id), old == null ? 1 : old.attempt + 1);
        }
        wakeMonitor();
    }

    /**
     * Tells the run that a ZooKeeper server of its ensemble was just killed or restarted: while
     * the clients reconnect (up to a session timeout) nobody can make progress, which must not
     * be judged a stall.
     */
    public synchronized void serverFaultInjected() {
        lastKillNanos = System.nanoTime();
    }

    /** Grants one step: exactly one participant waiting at (or next arriving at) the gate proceeds. */
    public void grantStep() throws KeeperException, InterruptedException {
        StepGate.grant(zk, layout);
    }

    /** Leaves step mode: everybody runs freely. */
    public void continueRun() throws KeeperException, InterruptedException {
        setStepMode(false);
    }

    /** Turns step mode on (pause before every barrier operation) or off. */
    public void setStepMode(boolean on) throws KeeperException, InterruptedException {
        stepMode = on;
        StepGate.setMode(zk, layout, on, speed);
    }

    /** True in step mode. */
    public boolean stepMode() {
        return stepMode;
    }

    /**
     * Sets the think-time divisor of all participants (they read it before every think).
     *
     * @throws IllegalArgumentException if not between 0.01 and 1000
     */
    public void setSpeed(double x) throws KeeperException, InterruptedException {
        if (!(x >= 0.01 && x <= 1000)) {
            throw new IllegalArgumentException("speed must be between 0.01 and 1000, was " + x);
        }
        speed = x;
        StepGate.setMode(zk, layout, stepMode, x);
    }

    public double speed() {
        return speed;
    }

    /**
     * Writes a command to a run's control channel, for processes that do not own the run (see
     * {@link ControlCommand} for the commands); the run executes commands in order and deletes
     * them.
     *
     * @throws IllegalArgumentException if the command is not one of the control commands
     */
    public static void sendControl(ZooKeeper zk, RunLayout run, String command)
            throws KeeperException, InterruptedException {
        ControlCommand.send(zk, run, command);
    }

    private void requireParticipant(String id) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(
                    "run " + runId() + " has no participant '" + id + "'; it has " + String.join(", ", ids));
        }
    }

    /**
     * Ends the run if it is still going (participants killed, verdict {@code FAIL aborted}),
     * then closes the ZooKeeper session (the {@code launcher} node disappears) and stops the
     * embedded server if the run started one. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        aborted = true;
        wakeMonitor();
        try {
            monitor.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killAllNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private void killAllNow() {
        List<Proc> all;
        synchronized (this) {
            all = new ArrayList<>(procs.values());
        }
        for (Proc p : all) {
            if (p.process.isAlive()) {
                p.process.destroyForcibly();
            }
        }
        for (Proc p : all) {
            try {
                p.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ monitor

    private void wakeMonitor() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void monitorLoop() {
        Verdict v;
        try {
            v = watchUntilEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v = Verdict.fail("the launcher was interrupted");
        } catch (KeeperException e) {
            LOG.debug("Run monitor failed", e);
            v = Verdict.fail("the launcher lost ZooKeeper: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Run monitor failed", e);
            v = Verdict.fail("the launcher failed: " + e);
        }
        killAllNow();
        try {
            finish(v);
        } catch (RuntimeException e) {
            LOG.error("Could not finish run {}", runId(), e);
        }
        verdict.complete(v);
        for (RunListener l : listeners) {
            l.onVerdict(v);
        }
    }

    private Verdict watchUntilEnd() throws KeeperException, InterruptedException {
        traceReader = new ZkTraceReader(zk, layout);
        String stuck = null;
        while (true) {
            ridingConnectionLoss(this::handleControl);
            ridingConnectionLoss(this::readEvents);
            ridingConnectionLoss(this::timedKills);
            ridingConnectionLoss(this::recordExitsLocked);
            long now = System.nanoTime();
            if (aborted) {
                return Verdict.fail("the run was aborted before it ended");
            }
            if (allExited()) {
                break;
            }
            if (now - deadlineNanos > 0) {
                stuck = describeStuck(
                        "at the deadline of " + TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - startNanos) + " s");
                break;
            }
            if (stalled(now)) {
                stuck = describeStuck("no progress for " + STALL_MILLIS / 1000 + " s");
                break;
            }
            synchronized (wake) {
                wake.wait(200);
            }
        }
        if (stuck != null) {
            killAllNow();
        }
        waitForExits();
        // Record the last exits before the last read, so the history that is judged (and
        // recorded) holds every participant's exit event.
        ridingConnectionLoss(this::recordExitsLocked);
        ridingConnectionLoss(this::readEvents);
        List<TraceEvent> all;
        RunState end;
        Map<String, String> lastLines = new LinkedHashMap<>();
        synchronized (this) {
            all = List.copyOf(history);
            end = state;
            for (Proc p : procs.values()) {
                lastLines.put(p.id, p.lastLine);
            }
        }
        return Judge.judge(scenario, spec, all, end, lastLines, stuck);
    }

    /** One pass of the monitor that talks to ZooKeeper. */
    private interface ZkStep {
        void run() throws KeeperException, InterruptedException;
    }

    /**
     * Runs a monitor step, again after a connection loss ({@link ConnectionLossRetry}): the run
     * rides out the loss of its server (a killed leader, say) instead of ending in FAIL. Every
     * step is safe to repeat (reads, and writes guarded by the run's own bookkeeping).
     */
    private void ridingConnectionLoss(ZkStep step) throws KeeperException, InterruptedException {
        ConnectionLossRetry.call(SESSION_TIMEOUT_MS, () -> {
            step.run();
            return null;
        });
    }

    private synchronized void recordExitsLocked() throws KeeperException, InterruptedException {
        recordExits();
    }

    private void waitForExits() throws InterruptedException {
        List<Proc> all;
        synchronized (this) {
            all = new ArrayList<>(procs.values());
        }
        for (Proc p : all) {
            if (!p.process.waitFor(10, TimeUnit.SECONDS)) {
                p.process.destroyForcibly();
                p.process.waitFor(5, TimeUnit.SECONDS);
            }
            if (!p.process.isAlive()) {
                p.exitCode = p.process.exitValue();
            }
        }
    }

    private synchronized boolean allExited() {
        for (Proc p : procs.values()) {
            if (p.alive()) {
                return false;
            }
        }
        return true;
    }

    private synchronized boolean stalled(long now) {
        if (stepMode) {
            return false;
        }
        if (now - lastKillNanos < TimeUnit.MILLISECONDS.toNanos(AFTER_KILL_GRACE_MILLIS)) {
            return false;
        }
        if (now - lastEventNanos < TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
            return false;
        }
        boolean anyAlive = false;
        for (Proc p : procs.values()) {
            if (!p.alive() || p.killed) {
                continue;
            }
            anyAlive = true;
            ParticipantState s = state.participants().get(p.id);
            if (s == null || s.status() != Status.WAITING) {
                return false;
            }
        }
        return anyAlive;
    }

    private synchronized String describeStuck(String when) {
        List<String> parts = new ArrayList<>();
        for (Proc p : procs.values()) {
            if (!p.alive() || p.killed) {
                continue;
            }
            ParticipantState s = state.participants().getOrDefault(p.id, ParticipantState.fresh(p.id));
            switch (s.status()) {
                case WAITING -> parts.add(
                        p.id + " in " + operation(s.phase()) + " of " + s.scope() + " generation " + s.generation());
                case STEP -> parts.add(p.id + " at the step gate before "
                        + (s.stepOp().isEmpty() ? "its next operation" : s.stepOp()));
                case STARTING, RESTARTED -> parts.add(p.id + " still starting");
                default -> parts.add(p.id + " busy after " + (s.scope().isEmpty() ? "its last event" : s.scope()));
            }
        }
        if (parts.isEmpty()) {
            return "nobody is left running (" + when + ")";
        }
        return String.join(", ", parts) + " (" + when + ")";
    }

    /** The wire name of the barrier operation a participant blocks in. */
    private static String operation(Phase phase) {
        return switch (phase) {
            case ENTERING -> EventType.ENTER.wireName();
            case LEAVING -> EventType.LEAVE.wireName();
            default -> EventType.ARRIVE.wireName();
        };
    }

    /** The monitor's incremental reader of the trace, and the events it has returned (monitor thread only). */
    private ZkTraceReader traceReader;

    private final java.util.Set<Long> seenZxids = new java.util.HashSet<>();

    private final java.util.Set<String> seenContent = new java.util.HashSet<>();

    private void readEvents() throws KeeperException, InterruptedException {
        List<TraceEvent> fresh = new ArrayList<>();
        try {
            for (TraceEvent e : traceReader.readNew()) {
                // A write retried after a connection loss may be stored twice: the same event
                // (same participant, time, attributes) under a second zxid counts once.
                if (seenZxids.add(e.zxid()) && seenContent.add(TraceJson.encode(e.withZxid(0)))) {
                    fresh.add(e);
                }
            }
        } catch (KeeperException.ConnectionLossException e) {
            // The reader has moved past events it could not return: read again from the start,
            // the events already seen are skipped by their zxid.
            traceReader = new ZkTraceReader(zk, layout);
            throw e;
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<String> doomed = new ArrayList<>();
        synchronized (this) {
            lastEventNanos = System.nanoTime();
            for (TraceEvent e : fresh) {
                history.add(e);
                state = RunReducer.apply(state, e);
                if (e.is(EventType.NOTE) && "kill".equals(e.attr("fault"))) {
                    doomed.add(e.participant());
                }
            }
        }
        for (TraceEvent e : fresh) {
            for (RunListener l : listeners) {
                l.onEvent(e);
            }
        }
        for (String id : doomed) {
            kill(id);
        }
        fireState();
    }

    /** Records an {@code exit} event for every process that exited since the last call. */
    private void recordExits() throws KeeperException, InterruptedException {
        for (Proc p : procs.values()) {
            if (p.alive() || p.exitRecorded) {
                continue;
            }
            recorder.record(TraceEvent.of(p.id, EventType.EXIT, "", -1)
                    .with("code", Integer.toString(p.exitCode))
                    .with("host", p.host)
                    .with("pid", Long.toString(p.process.pid())));
            // Only now: after a connection loss the next pass records it again.
            p.exitRecorded = true;
        }
    }

    private void timedKills() throws KeeperException, InterruptedException {
        long elapsed = System.nanoTime() - startNanos;
        for (KillSpec k : spec.kills()) {
            if (!k.isRoundKill() && elapsed >= k.after().toNanos() && !timedDone.contains(k)) {
                timedDone.add(k);
                kill(k.participant());
            }
        }
    }

    private final List<KillSpec> timedDone = Collections.synchronizedList(new ArrayList<>());

    private void handleControl() throws KeeperException, InterruptedException {
        List<String> children = new ArrayList<>(zk.getChildren(layout.control(), false));
        Collections.sort(children);
        for (String child : children) {
            String path = layout.control() + "/" + child;
            String line;
            try {
                line = new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            try {
                execute(ControlCommand.parse(line));
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                LOG.warn("Control command '{}' refused: {}", line.trim(), e.getMessage());
            }
            try {
                zk.delete(path, -1);
            } catch (KeeperException.NoNodeException e) {
                // deleted by someone else
            }
        }
    }

    private void execute(ControlCommand c) throws KeeperException, InterruptedException, IOException {
        switch (c.verb()) {
            case "step" -> grantStep();
            case "continue" -> continueRun();
            case "pause" -> setStepMode(true);
            case "speed" -> setSpeed(Double.parseDouble(c.argument()));
            case "kill" -> kill(c.argument());
            case "restart" -> restart(c.argument());
            default -> throw new IllegalArgumentException("unknown control command " + c.verb());
        }
    }

    private void fireState() {
        RunState snapshot = state();
        for (RunListener l : listeners) {
            l.onState(snapshot);
        }
    }

    private void finish(Verdict v) {
        try {
            recorder.record(TraceEvent.of("launcher", EventType.RUN_END, "", -1)
                    .with("verdict", v.outcome().name())
                    .with("reason", v.detail()));
            zk.create(layout.verdict(), bytes(v.line()), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            LOG.warn("Could not store the verdict of run {}: {}", runId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spec.recordFile() != null) {
            try {
                writeRecording(spec.recordFile());
            } catch (IOException | KeeperException e) {
                LOG.error("Could not write the recording {}: {}", spec.recordFile(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the run's whole trace as JSON lines ({@link TraceJson}, one event per line, zxid
     * order, each with its zxid) — the format the visualizer replays.
     */
    public void writeRecording(Path file) throws IOException, KeeperException, InterruptedException {
        List<TraceEvent> all = ZkTraceReader.readAll(zk, layout);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TraceEvent e : all) {
                w.write(TraceJson.encode(e));
                w.write('\n');
            }
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
