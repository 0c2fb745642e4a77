package org.barrierlab.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.cluster.DemoCluster;
import org.barrierlab.launcher.cluster.ServerFault;
import org.barrierlab.launcher.run.Durations;
import org.barrierlab.launcher.run.KillSpec;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.scenario.Scenarios;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.visualizer.launch.RunWindow;
import org.barrierlab.visualizer.launch.ViewerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barrierlab demo}: runs a scenario with participant JVMs and prints its verdict. Exit
 * codes: 0 PASS, 1 FAIL or HUNG, 2 bad input, 3 BROKEN (a killed participant, correctly
 * reported by every survivor), 130 INTERRUPTED (Ctrl-C).
 *
 * <pre>{@code
 * ./barrierlab demo reusable -n 4 --rounds 5 --kill p2@3 --headless
 * }</pre>
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run one of the course's scenarios with participant JVMs and tell whether it was correct.",
            "Progress goes to stderr; the last line on stdout is the verdict:",
            "  verdict: PASS ...                                        exit code 0",
            "  verdict: FAIL <reason>                                   exit code 1",
            "  verdict: HUNG <who is stuck where>                       exit code 1",
            "  verdict: BROKEN <barrier> generation <g>: <who> died     exit code 3",
            "  verdict: INTERRUPTED <when> (Ctrl-C)                     exit code 130",
            "Bad input: one line on stderr, exit code 2. 'barrierlab scenarios' lists the scenarios.",
            "With a display the window opens first and the participants wait at the start until the presenter",
            "presses space or Start; the verdict appears in the window as it is printed, and closing the window",
            "(or Ctrl+Q) ends the command (exit code 1 if the run had not ended)."
        })
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SCENARIO",
            description = "The scenario (default: ${DEFAULT-VALUE}, a short tour). See 'barrierlab scenarios'.",
            defaultValue = Scenarios.DEFAULT)
    String scenario;

    @Option(
            names = {"-n", "--participants"},
            paramLabel = "N",
            defaultValue = "4",
            description = "Number of participant JVMs (default: ${DEFAULT-VALUE}).")
    int participants;

    @Option(
            names = "--rounds",
            paramLabel = "R",
            description = "Rounds of the story, 1 or more (default: the scenario's own).")
    Integer rounds;

    @Option(
            names = "--zk",
            paramLabel = "CONNECT",
            description = "Use this ZooKeeper ensemble (host:port,...) instead of starting an embedded server.")
    String zk;

    @Option(
            names = "--hosts",
            paramLabel = "H1,H2,...",
            description = "Start the participants on these hosts, round-robin, through --remote-shell"
                    + " (a shared file system is assumed). The hosts are checked first (see 'doctor'); without"
                    + " --zk the embedded server listens on all interfaces and advertises the address that"
                    + " reaches them.")
    String hosts;

    @Option(
            names = "--ensemble",
            paramLabel = "N",
            defaultValue = "1",
            description = "Start N ZooKeeper servers for this run: locally, or one per host with --hosts"
                    + " (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(
            names = "--kill-server",
            paramLabel = "ID@WHEN",
            description = "Kill ZooKeeper server ID (or 'leader') of the --ensemble a time after the start,"
                    + " e.g. 2@5s or leader@5s; repeatable.")
    List<String> killServers = new ArrayList<>();

    @Option(
            names = "--restart-server",
            paramLabel = "ID@WHEN",
            description = "Restart a killed ZooKeeper server a time after the start, e.g. 2@12s; repeatable.")
    List<String> restartServers = new ArrayList<>();

    @Option(
            names = "--remote-shell",
            paramLabel = "TEMPLATE",
            defaultValue = RunSpec.DEFAULT_REMOTE_SHELL,
            description = "Command that runs a command on {host}; the participant's command line is appended"
                    + " as one argument (default: '${DEFAULT-VALUE}').")
    String remoteShell;

    @Option(
            names = "--step",
            description = "Step mode: participants stop before every barrier operation;"
                    + " Enter grants one step, 1..9 makes that participant (p1..p9) step next,"
                    + " 'c' + Enter continues, 'p' + Enter pauses again.")
    boolean step;

    @Option(
            names = "--speed",
            paramLabel = "X",
            description = "Divide the story's think times by X (4 = four times faster; default: 1 in the terminal,"
                    + " " + PRESENTATION_SPEED + " with the window, a pace a class can follow).")
    Double speed;

    /** The pace with a window: each crossing stays on screen for about a second. */
    static final double PRESENTATION_SPEED = 0.15;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            description = "End a stuck run as HUNG after this time, e.g. 30s or 2m (default: derived from the"
                    + " scenario, rounds and speed).")
    String deadline;

    @Option(
            names = "--kill",
            paramLabel = "ID@WHEN",
            description = "Kill participant ID with SIGKILL in round N (p2@3) or a time after the start (p2@5s);"
                    + " repeatable.")
    List<String> kills = new ArrayList<>();

    @Option(
            names = "--barrier",
            paramLabel = "tutorial|lib",
            description = "Barrier implementation for tutorial-race: 'tutorial' (the ZooKeeper tutorial's, the"
                    + " default there) or 'lib' (barrier-lib).")
    String barrier;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "Also write the run's events as JSON lines (zxid order), for 'visualize --replay'.")
    Path record;

    @Option(names = "--headless", description = "Never open the visualizer window; terminal view only.")
    boolean headless;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the think times (default: random).")
    Long seed;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws IOException, KeeperException, InterruptedException {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        if (rounds != null && rounds < 1) {
            // 0 would mean "the scenario's default" to the builder: say no rather than run 3.
            throw new UsageException("--rounds must be between 1 and 10000, was " + rounds);
        }
        Optional<RunViewer> viewer = headless ? Optional.empty() : RunViewer.find();
        spec(viewer.isPresent(), zk); // bad options are reported before any server starts
        List<ServerFault> faults = new ArrayList<>();
        killServers.forEach(k -> faults.add(ServerFault.parse(k, false)));
        restartServers.forEach(k -> faults.add(ServerFault.parse(k, true)));
        DemoCluster cluster = DemoCluster.prepare(hostList(hosts), zk, remoteShell, ensemble, faults, err);
        RunSpec spec = spec(viewer.isPresent(), cluster.connectString());
        RunWindow window = null;
        if (viewer.isPresent()) {
            try {
                // The window comes first: the class sees the stage before anything happens on it.
                window = viewer.get().open(ViewerRequest.demo(spec));
            } catch (RuntimeException | LinkageError e) {
                // A display that is set but unusable (no X server, no GTK) must not cost the
                // class its run: the participants go on and the terminal view stays.
                err.println("  cannot open the visualizer (" + e.getMessage() + "); keeping the terminal view");
                spec = spec(false, cluster.connectString());
            }
        }
        // Held: the participants stop at the step gate before their first operation until the
        // presenter presses space or Start (with --step they stay in step mode instead).
        boolean held = window != null && !step;
        boolean tty = System.console() != null;
        RunSpec runSpec = spec;
        try (cluster;
                Run run = Run.start(runSpec)) {
            cluster.startFaults(run::serverFaultInjected);
            if (cluster.controlsServers()) {
                run.controlServers(cluster); // the window's server menu kills and restarts them
            }
            err.println("barrierlab demo: " + runSpec.scenario().name() + " with " + runSpec.participants()
                    + " participants, " + runSpec.rounds() + " rounds, speed " + runSpec.speed()
                    + (runSpec.scenario().supportsTutorialBarrier() ? ", barrier " + runSpec.barrier() : "")
                    + (runSpec.connectString() == null
                            ? ", embedded ZooKeeper"
                            : ", ZooKeeper " + runSpec.connectString()));
            err.println("  " + runSpec.scenario().story());
            err.println("  run " + run.runId() + " at " + run.connectString() + " (namespace "
                    + run.layout().root() + ", readable only with the run's secret)");
            run.attachCommand()
                    .ifPresent(c -> err.println("  attach a visualizer (here or on a node sharing this home): " + c));
            if (window != null) {
                try {
                    window.follow(run, held);
                    err.println(
                            held
                                    ? "  the window is open: press space or Start there to begin; close it (or Ctrl+Q) to end"
                                    : "  the window is open: space or . there grants one step; close it (or Ctrl+Q) to end");
                } catch (IllegalArgumentException e) {
                    err.println("  the window cannot follow the run (" + e.getMessage() + ")");
                }
            }
            ProgressTable table = new ProgressTable(err, tty, tty ? TerminalKeys.columns() : 80);
            run.addListener(table);
            if (step) {
                table.stepMode(true);
                startKeys(run, err, table);
            }
            // Ctrl-C: the run ends as INTERRUPTED with a complete recording, and the verdict is
            // printed from the shutdown hook (the JVM then exits with 130, as for any SIGINT).
            AtomicBoolean reported = new AtomicBoolean();
            Thread ctrlC = new Thread(
                    () -> {
                        run.interrupt();
                        try {
                            report(run, runSpec, run.awaitVerdict(20, TimeUnit.SECONDS), table, reported, out, err);
                        } catch (TimeoutException e) {
                            err.println("barrierlab demo: no verdict within 20 s of Ctrl-C");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "demo-ctrl-c");
            Runtime.getRuntime().addShutdownHook(ctrlC);
            try {
                Verdict v = awaitVerdict(run, runSpec, window);
                if (v == null) {
                    table.finish();
                    err.println("  the window was closed before the run ended; the run is stopped");
                    return 1;
                }
                int code = report(run, runSpec, v, table, reported, out, err);
                if (window != null && !window.isClosed()) {
                    window.showVerdict(v.line(), explanation(run, runSpec, v));
                    err.println("  the verdict is shown in the window; close it (or Ctrl+Q) to end");
                    while (!window.awaitClosed(1, TimeUnit.MINUTES)) {
                        LOG.trace("window still open on the verdict");
                    }
                }
                return code;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(ctrlC);
                } catch (IllegalStateException e) {
                    // shutting down already (Ctrl-C): the hook reports
                }
            }
        }
    }

    private RunSpec spec(boolean windowed, String connectString) {
        RunSpec.Builder b = RunSpec.builder(scenario)
                .participants(participants)
                .rounds(rounds == null ? 0 : rounds)
                .connectString(connectString)
                .hosts(hostList(hosts))
                .remoteShell(remoteShell)
                .step(step || windowed)
                .speed(speed != null ? speed : windowed ? PRESENTATION_SPEED : 1.0)
                .recordFile(record)
                .barrier(barrier);
        if (deadline != null) {
            b.deadline(Durations.parse(deadline, "--deadline"));
        }
        if (seed != null) {
            b.seed(seed);
        }
        for (String k : kills) {
            b.kill(KillSpec.parse(k));
        }
        return b.build();
    }

    /** The verdict, or null if the presenter closed the window first. */
    private static Verdict awaitVerdict(Run run, RunSpec spec, RunWindow window) throws InterruptedException {
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(Run.deadlineOf(spec).toMillis() + 120_000);
        while (true) {
            try {
                return run.awaitVerdict(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (window != null && window.isClosed()) {
                    return null;
                }
                if (System.nanoTime() - deadline > 0) {
                    return Verdict.fail("the launcher did not reach a verdict in time");
                }
            }
        }
    }

    /** Prints the final table, the recording's fate and the verdict, once; returns the exit code. */
    private static int report(
            Run run,
            RunSpec spec,
            Verdict v,
            ProgressTable table,
            AtomicBoolean reported,
            PrintWriter out,
            PrintWriter err) {
        int code = v.exitCode();
        if (!reported.compareAndSet(false, true)) {
            return code;
        }
        table.finish();
        if (spec.recordFile() != null) {
            Optional<String> error = run.recordingError();
            if (error.isPresent()) {
                err.println("barrierlab demo: the recording " + spec.recordFile() + " was not written: " + error.get());
                code = code == 0 ? 1 : code;
            } else {
                err.println("  recording written to " + spec.recordFile());
            }
        }
        err.flush();
        String explanation = explanation(run, spec, v);
        if (!explanation.isEmpty()) {
            out.println(explanation);
        }
        out.println(v.line());
        out.flush();
        return code;
    }

    /** The scenario's explanation of the verdict, from this run's events; empty if none. */
    private static String explanation(Run run, RunSpec spec, Verdict v) {
        return spec.scenario().explain(v, spec.barrier(), run.history()).orElse("");
    }

    /** The host list of {@code --hosts}; an empty name (as in {@code ',,'}) is bad input, not "local". */
    static List<String> hostList(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String h : text.split(",", -1)) {
            if (h.isBlank()) {
                throw new UsageException("--hosts must be a comma-separated list of host names, was '" + text + "'");
            }
            out.add(h.trim());
        }
        return out;
    }

    /**
     * The step keys on stdin: on a terminal one key at a time (Enter or space: one step, c:
     * continue, p: pause again), from a pipe one line at a time (empty or "s", "c", "p").
     */
    private static void startKeys(Run run, PrintWriter err, ProgressTable table) {
        Optional<TerminalKeys> single = TerminalKeys.singleKeys();
        if (single.isEmpty()) {
            err.println("  step mode: Enter = one step, 1..9 + Enter = that participant steps, c + Enter = continue,"
                    + " p + Enter = pause again");
        }
        Thread keys = new Thread(
                () -> {
                    try (TerminalKeys restoreAtEnd = single.orElse(null)) {
                        if (single.isPresent()) {
                            readSingleKeys(run, table);
                        } else {
                            readLines(run, table);
                        }
                    } catch (IOException | KeeperException e) {
                        LOG.warn("Step keys stopped: {}", e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "step-keys");
        keys.setDaemon(true);
        keys.start();
    }

    private static void readSingleKeys(Run run, ProgressTable table)
            throws IOException, KeeperException, InterruptedException {
        int k;
        while ((k = System.in.read()) >= 0 && !run.isDone()) {
            key(run, table, k == '\n' || k == '\r' || k == ' ' ? "s" : String.valueOf((char) k));
        }
    }

    private static void readLines(Run run, ProgressTable table)
            throws IOException, KeeperException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !run.isDone()) {
            String cmd = line.trim();
            key(run, table, cmd.isEmpty() ? "s" : cmd);
        }
    }

    private static void key(Run run, ProgressTable table, String cmd) throws KeeperException, InterruptedException {
        switch (cmd) {
            case "s", "." -> run.grantStep();
            case "c" -> {
                run.continueRun();
                table.stepMode(false);
            }
            case "p" -> {
                run.setStepMode(true);
                table.stepMode(true);
            }
            default -> {
                // 1..9: that participant moves next; other keys do nothing (a stray key must
                // not disturb the class)
                List<String> ids = run.spec().participantIds();
                if (cmd.length() == 1 && cmd.charAt(0) >= '1' && cmd.charAt(0) <= '9') {
                    int n = cmd.charAt(0) - '0';
                    if (n <= ids.size()) {
                        run.grantStep(ids.get(n - 1));
                    }
                }
            }
        }
    }
}
