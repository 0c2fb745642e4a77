package org.barrierlab.launcher.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.participant.RejoinPlan;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.control.ControlCommand;
import org.barrierlab.runmodel.control.StepGate;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * One run of a scenario: participant JVMs (here or over the remote shell) coordinated through
 * the run's own ZooKeeper namespace {@code /barrierlab/runs/<run-id>}, watched until they end,
 * judged, and stopped. This is the launcher's Java API; {@code barrierlab demo} and the
 * visualizer both use it. The work is done by parts named for it: {@link RunNamespace} (the
 * session and the nodes), {@link ParticipantJvms} (starting and killing the JVMs, with {@link
 * ParticipantLauncher} and {@link Processes}), {@link RestartPreparation} (what a restart waits
 * for), {@link RunStartEvent}, {@link ControlInbox} (the control channel), {@link RunMonitor}
 * with {@link StallDetector} (watching and judging) and {@link RunRecording}.
 *
 * <p><b>Guarantees.</b> A run never hangs: it ends when every participant JVM has exited, or
 * at its deadline, or when every live participant has been blocked in a barrier with no event
 * for a few seconds (a stall); in the last two cases the verdict is {@code HUNG} (naming who
 * is stuck where) and all participant JVMs are killed. Participant JVMs never outlive the run:
 * {@link #close()} and a shutdown hook kill them, and each participant also exits on its own
 * when the run's ephemeral {@code launcher} node disappears or its stdin closes. Time kills
 * ({@code --kill p2@5s}) count from the run's {@code run-start} event. No process is spawned
 * and no ZooKeeper call is made while holding a lock.
 *
 * <p><b>Access.</b> Each run has its own {@link RunSecret}: every node of its namespace carries
 * the secret's digest ACL, so a ZooKeeper client without it gets {@code NoAuth} reading or
 * writing the run. Participants get the secret on their stdin (never on a command line); a
 * visualizer in this process uses {@link #layout()}, one on another machine the {@link
 * #secretFile()} (mode 0600, see {@link #attachCommand()}). On an ensemble the run did not
 * start, {@link #close()} deletes the run's namespace, which nobody else could.
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

    private final RunSpec spec;
    private final Scenario scenario;
    private final List<String> ids;
    private final EmbeddedZooKeeper embedded;
    private final RunNamespace namespace;
    private final ParticipantJvms jvms;
    private final Processes processes;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<RunLifecycle> lifecycle = new AtomicReference<>(RunLifecycle.RUNNING);
    private final Map<String, Boolean> restarting = new ConcurrentHashMap<>();
    private final Thread shutdownHook;
    private final long deadlineNanos;
    private final RunServers servers;
    private volatile RunMonitor monitor;
    private volatile RestartPreparation restarts;
    private volatile Optional<Path> secretFile = Optional.empty();
    private volatile boolean stepMode;
    private volatile double speed;

    private Run(RunSpec spec, EmbeddedZooKeeper embedded, RunNamespace namespace) {
        this.spec = spec;
        this.scenario = spec.scenario();
        this.ids = spec.participantIds();
        this.embedded = embedded;
        this.namespace = namespace;
        this.stepMode = spec.step();
        this.speed = spec.speed();
        this.deadlineNanos = System.nanoTime() + deadlineOf(spec).toNanos();
        this.processes = new Processes(ids);
        this.jvms = new ParticipantJvms(
                spec,
                new ParticipantLauncher(spec, namespace.connectString(), namespace.layout(), deadlineNanos),
                processes,
                namespace,
                listeners,
                () -> monitor.noteKill(),
                this::wakeMonitor);
        this.shutdownHook = new Thread(this::onShutdown, "run-shutdown-" + runId());
        this.servers = new RunServers(runId(), this::serverFaultInjected);
    }

    /** The deadline of a run: explicit, or derived from the scenario, rounds and speed. */
    public static Duration deadlineOf(RunSpec spec) {
        if (spec.deadline() != null) {
            return spec.deadline();
        }
        if (spec.step()) {
            return Duration.ofMinutes(30); // a presenter takes their time
        }
        long expected = spec.scenario()
                .expectedDuration(spec.participants(), spec.rounds())
                .toMillis();
        return Duration.ofMillis(20_000 + (long) (3 * expected / spec.speed()));
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
        RunNamespace namespace = null;
        try {
            RunLayout layout = RunLayout.of(spec.runId() != null ? spec.runId() : newRunId())
                    .securedBy(RunSecret.generate());
            namespace = RunNamespace.connect(connect, layout);
            Run run = new Run(spec, embedded, namespace);
            run.begin();
            return run;
        } catch (IOException | KeeperException | InterruptedException | RuntimeException e) {
            if (namespace != null) {
                namespace.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** Creates the namespace, starts the monitor's clock at the start event, spawns everybody. */
    private void begin() throws IOException, KeeperException, InterruptedException {
        namespace.create(RunStartEvent.of(spec, namespace.layout()), spec.step(), spec.speed(), this::wakeMonitor);
        secretFile = SecretFile.write(runId(), namespace.layout().secret().orElseThrow());
        // The start event is stamped before this: a time kill counted from here fires at least
        // its delay after the start the trace shows.
        long startNanos = System.nanoTime();
        RunMonitor m = new RunMonitor(
                spec,
                namespace,
                processes,
                new ControlInbox(namespace.zk(), namespace.layout(), this::execute),
                listeners,
                new MonitorOwner(),
                startNanos,
                deadlineNanos);
        monitor = m;
        restarts = new RestartPreparation(scenario.rejoins(), namespace, processes, jvms, m, listeners);
        if (embedded != null) {
            embedded.holdAtShutdownUntil(m.verdict()); // on Ctrl-C the run records its end first
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            for (String id : ids) {
                jvms.spawn(id, 1, "");
            }
        } catch (IOException | KeeperException | InterruptedException | RuntimeException e) {
            processes.killAllNow();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            throw e;
        }
        m.start();
    }

    /** What the monitor may ask of this run. */
    private final class MonitorOwner implements RunMonitor.Owner {
        @Override
        public void kill(String id) throws KeeperException, InterruptedException {
            Run.this.kill(id);
        }

        @Override
        public boolean stepMode() {
            return stepMode;
        }

        @Override
        public boolean closing() {
            return lifecycle.get() == RunLifecycle.CLOSED;
        }

        @Override
        public boolean interrupted() {
            return lifecycle.get() == RunLifecycle.INTERRUPTED;
        }

        @Override
        public void ended() {
            lifecycle.compareAndSet(RunLifecycle.RUNNING, RunLifecycle.ENDED);
        }
    }

    /** A fresh run id: {@code r-<yyyyMMdd-HHmmss>-<4 hex>}. */
    public static String newRunId() {
        return "r-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    private void wakeMonitor() {
        RunMonitor m = monitor;
        if (m != null) {
            m.wake();
        }
    }

    // ------------------------------------------------------------------ public API

    /** The run id (the last segment of the run's namespace). */
    public String runId() {
        return namespace.layout().runId();
    }

    /** The connect string of the ensemble this run uses (the embedded server's if it owns one). */
    public String connectString() {
        return namespace.connectString();
    }

    /**
     * Paths of the run's namespace, with its secret: {@code layout().authenticate(zk)} lets
     * another session of this process read and write the run.
     */
    public RunLayout layout() {
        return namespace.layout();
    }

    /**
     * The file holding the run's secret ({@code ~/.barrierlab/secrets/<run-id>}, mode 0600), for
     * a visualizer on another machine of a shared file system; empty if it could not be written.
     * Removed by {@link #close()}.
     */
    public Optional<Path> secretFile() {
        return secretFile;
    }

    /** The command that attaches a visualizer from another machine (needs {@link #secretFile()}). */
    public Optional<String> attachCommand() {
        return secretFile.map(
                f -> "./barrierlab visualize --zk " + connectString() + " --run " + runId() + " --secret-file " + f);
    }

    /** The run's specification. */
    public RunSpec spec() {
        return spec;
    }

    /**
     * The run's state after the events read so far: the one reduction ({@link
     * org.barrierlab.runmodel.state.RunReducer}) that the terminal view, the verdict and the
     * visualizer share.
     */
    public RunState state() {
        return monitor.state();
    }

    /** A snapshot of the participants (from {@link #state()}), in participant order. */
    public List<ParticipantState> participants() {
        return List.copyOf(state().participants().values());
    }

    /** The events read so far, in zxid order (a copy). */
    public List<TraceEvent> history() {
        return monitor.history();
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
        return monitor.verdict().isDone();
    }

    /**
     * Waits for the verdict.
     *
     * @throws TimeoutException if the run has not ended within the timeout
     * @throws InterruptedException if interrupted
     */
    public Verdict awaitVerdict(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        try {
            return monitor.verdict().get(timeout, unit);
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
        jvms.kill(id);
    }

    /**
     * Kills participant {@code id} (if running), waits for its JVM to exit, and starts it again.
     * If the scenario can take it back mid-run ({@link Scenario#rejoins}), it rejoins the round
     * the others are at (docs/znode-layout.md, "Restart"): its rejoin marker is written before
     * the kill, so the survivors that see it die wait for it instead of giving up; once the old
     * JVM has exited and its session has expired (the survivors have judged it dead, from its
     * presence and its liveness nodes alike, before a new JVM exists) and every crossing it had
     * begun is decided, its {@link RejoinPlan} is read from the events: the new JVM skips what the old one did with the
     * others, resets the broken barriers, and the run can still pass. Otherwise it starts from the
     * beginning of its story.
     *
     * @throws IllegalArgumentException if the run has no such participant
     * @throws IllegalStateException if the run has ended, or {@code id} is being restarted already
     */
    public void restart(String id) throws KeeperException, InterruptedException, IOException {
        requireParticipant(id);
        if (isDone()) {
            throw new IllegalStateException("run " + runId() + " has ended; cannot restart " + id);
        }
        if (restarting.putIfAbsent(id, Boolean.TRUE) != null) {
            throw new IllegalStateException(id + " is being restarted already");
        }
        try {
            RestartPreparation.Ready ready = restarts.prepare(id);
            jvms.spawn(id, ready.attempt(), ready.rejoinPlan());
        } finally {
            restarting.remove(id);
        }
        wakeMonitor();
    }

    /**
     * Tells the run that a ZooKeeper server of its ensemble was just killed or restarted: while
     * the clients reconnect (up to a session timeout) nobody can make progress, which must not
     * be judged a stall.
     */
    public void serverFaultInjected() {
        RunMonitor m = monitor;
        if (m != null) {
            m.noteFault();
        }
    }

    /**
     * Lets the run kill and restart the ZooKeeper servers its launcher started ({@code demo
     * --ensemble 3}): the control commands {@code kill-server} and {@code restart-server} (the
     * visualizer's server menu) act through {@code faults}.
     */
    public void controlServers(ServerFaults faults) {
        servers.control(faults);
    }

    /** True if {@link #killServer} and {@link #restartServer} can act (see {@link #controlServers}). */
    public boolean controlsServers() {
        return servers.controlled();
    }

    /**
     * Kills ZooKeeper server {@code target} (an id or {@code leader}) of the run's ensemble now;
     * the run allows for the reconnection (no stall is judged meanwhile).
     *
     * @return one line saying what was done
     * @throws IllegalStateException if this run does not control its servers, or the server is dead
     * @throws IllegalArgumentException if there is no such server
     */
    public String killServer(String target) {
        return servers.kill(target);
    }

    /**
     * Restarts killed ZooKeeper server {@code id} of the run's ensemble now.
     *
     * @return one line saying what was done
     * @throws IllegalStateException if this run does not control its servers, or the server is alive
     */
    public String restartServer(int id) {
        return servers.restart(id);
    }

    /**
     * Ends the run now as {@code INTERRUPTED} (what Ctrl-C does): participants are killed, their
     * exits and {@code run-end} are recorded, and the recording is written complete. A no-op once
     * the run has ended.
     */
    public void interrupt() {
        if (lifecycle.compareAndSet(RunLifecycle.RUNNING, RunLifecycle.INTERRUPTED)) {
            wakeMonitor();
        }
    }

    /** Ctrl-C or another JVM shutdown: end the run properly if there is time, never leave JVMs. */
    private void onShutdown() {
        interrupt();
        try {
            monitor.verdict().get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // kill below anyway
        }
        processes.killAllNow();
        secretFile.ifPresent(SecretFile::delete); // close() may not run now; the run is over
    }

    /**
     * Why the recording ({@link RunSpec#recordFile()}) could not be written after the run, if it
     * could not (its target is checked before the run; this is for a disk that filled up).
     */
    public Optional<String> recordingError() {
        return Optional.ofNullable(monitor.recordingError());
    }

    /** Grants one step: exactly one participant waiting at (or next arriving at) the gate proceeds. */
    public void grantStep() throws KeeperException, InterruptedException {
        StepGate.grant(namespace.zk(), namespace.layout());
    }

    /**
     * Grants one step to participant {@code id} only: it moves next (now if it waits at the
     * gate, else at its next barrier operation) while the others keep waiting.
     *
     * @throws IllegalArgumentException if the run has no such participant
     */
    public void grantStep(String id) throws KeeperException, InterruptedException {
        requireParticipant(id);
        StepGate.grant(namespace.zk(), namespace.layout(), id);
    }

    /** Leaves step mode: everybody runs freely. */
    public void continueRun() throws KeeperException, InterruptedException {
        setStepMode(false);
    }

    /** Turns step mode on (pause before every barrier operation) or off. */
    public void setStepMode(boolean on) throws KeeperException, InterruptedException {
        stepMode = on;
        StepGate.setMode(namespace.zk(), namespace.layout(), on, speed);
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
        StepGate.setMode(namespace.zk(), namespace.layout(), stepMode, x);
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

    /** Executes a command from the control channel with this API. */
    private void execute(ControlCommand c) throws KeeperException, InterruptedException, IOException {
        switch (c.verb()) {
            case "step" -> {
                if (c.argument().isEmpty()) {
                    grantStep();
                } else {
                    grantStep(c.argument());
                }
            }
            case "continue" -> continueRun();
            case "pause" -> setStepMode(true);
            case "speed" -> setSpeed(Double.parseDouble(c.argument()));
            case "kill" -> kill(c.argument());
            case "restart" -> restart(c.argument());
            case "kill-server", "restart-server" -> servers.execute(c);
            default -> throw new IllegalArgumentException("unknown control command " + c.verb());
        }
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
        if (lifecycle.getAndSet(RunLifecycle.CLOSED) == RunLifecycle.CLOSED) {
            return;
        }
        wakeMonitor();
        try {
            monitor.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.killAllNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        if (embedded == null) {
            namespace.delete(); // the ensemble outlives the run, and only we hold the secret
        }
        namespace.close();
        secretFile.ifPresent(SecretFile::delete);
        if (embedded != null) {
            embedded.close();
        }
    }
}
