package org.barrierlab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.run.RunSpecException;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.visualizer.launch.RunWindow;
import org.barrierlab.visualizer.launch.Tour;
import org.barrierlab.visualizer.launch.ViewerRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code barrierlab tour}: the course in one window, chapter by chapter (phases 1 to 5, then the
 * classic algorithms), each a fresh run on one embedded ZooKeeper. Without a display (or with
 * {@code --headless}) the chapters run one after another in the terminal.
 *
 * <pre>{@code
 * ./barrierlab tour --from reusable
 * ./barrierlab tour --headless
 * }</pre>
 */
@Command(
        name = "tour",
        mixinStandardHelpOptions = true,
        description = {
            "A guided tour of the course in one window: the phases 1 to 5 (tutorial-race, simple, double,",
            "reusable, restricted, nested) and the classic algorithms (clock, leader, mutex) as chapters.",
            "Each chapter shows its story, waits for space or Start, runs at presentation pace (space or .",
            "steps) and ends in its verdict; PageDown / PageUp start the next / previous chapter afresh (the",
            "chapter left is stopped, its participant JVMs ended). Closing the window (or Ctrl+Q) ends the tour.",
            "stdout: one 'chapter k/9 <scenario>: verdict: ...' line per chapter that reached its verdict.",
            "Without a display, or with --headless, every chapter runs in order in the terminal.",
            "Exit code: 0; 1 if a chapter could not run to its verdict; 2 for bad input."
        })
public final class TourCommand implements Callable<Integer> {

    /** The chapters, in the course's order. */
    static final List<String> CHAPTERS = List.of(
            "tutorial-race", "simple", "double", "reusable", "restricted", "nested", "clock", "leader", "mutex");

    /** The pace of a headless tour: fast, the terminal only reports verdicts. */
    static final double HEADLESS_SPEED = 4.0;

    @Option(
            names = "--from",
            paramLabel = "SCENARIO",
            defaultValue = "tutorial-race",
            description = "Start at this chapter (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(
            names = {"-n", "--participants"},
            paramLabel = "N",
            defaultValue = "4",
            description = "Participant JVMs per chapter (default: ${DEFAULT-VALUE}).")
    int participants;

    @Option(
            names = "--speed",
            paramLabel = "X",
            description = "Divide the stories' think times by X (default: " + DemoCommand.PRESENTATION_SPEED
                    + " with the window, " + HEADLESS_SPEED + " headless).")
    Double speed;

    @Option(names = "--headless", description = "Never open the window: run every chapter in the terminal.")
    boolean headless;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the think times (default: random).")
    Long seed;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws InterruptedException, IOException, KeeperException {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        int first = CHAPTERS.indexOf(from);
        if (first < 0) {
            throw new UsageException("--from must be one of the tour's chapters (" + String.join(", ", CHAPTERS)
                    + "), was '" + from + "'");
        }
        Optional<RunViewer> viewer = headless ? Optional.empty() : RunViewer.find();
        spec(CHAPTERS.get(first), viewer.isPresent(), null); // bad options are reported before any server starts
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0)) {
            int left = CHAPTERS.size() - first;
            err.println("barrierlab tour: " + left + (left == 1 ? " chapter" : " chapters") + " from " + from + ", "
                    + participants + " participants each, embedded ZooKeeper at " + zk.connectString());
            err.flush();
            if (viewer.isPresent()) {
                RunWindow window = null;
                try {
                    window = viewer.get().open(ViewerRequest.demo(spec(from, true, zk.connectString())));
                } catch (RuntimeException | LinkageError e) {
                    err.println("  cannot open the visualizer (" + e.getMessage() + "); running headless");
                }
                if (window != null) {
                    return windowed(window, first, zk.connectString(), out, err);
                }
            }
            return headless(first, zk.connectString(), out, err);
        }
    }

    private int windowed(RunWindow window, int first, String connect, PrintWriter out, PrintWriter err)
            throws InterruptedException, IOException, KeeperException {
        err.println("  the window is open: space or Start begins a chapter, PageDown / PageUp change chapter;"
                + " close it (or Ctrl+Q) to end");
        err.flush();
        Tour tour = new Tour(CHAPTERS, name -> spec(name, true, connect), new Tour.Listener() {
            @Override
            public void chapterStarted(int index, String scenario, Run run) {
                err.println(prefix(index, scenario) + ": run " + run.runId() + " waits for space or Start");
                err.flush();
            }

            @Override
            public void verdict(int index, String scenario, Verdict verdict, String explanation) {
                out.println(prefix(index, scenario) + ": " + verdict.line());
                out.flush();
            }

            @Override
            public void left(int index, String scenario, String why) {
                err.println(prefix(index, scenario) + ": " + why);
                err.flush();
            }
        });
        try {
            window.runTour(tour, first);
        } catch (UnsupportedOperationException e) {
            err.println("  this window cannot run a tour (" + e.getMessage() + "); running headless");
            return headless(first, connect, out, err);
        }
        return 0;
    }

    private int headless(int first, String connect, PrintWriter out, PrintWriter err)
            throws InterruptedException, IOException, KeeperException {
        int code = 0;
        for (int k = first; k < CHAPTERS.size(); k++) {
            String name = CHAPTERS.get(k);
            RunSpec spec = spec(name, false, connect);
            err.println(prefix(k, name) + ": " + spec.scenario().story());
            err.flush();
            Run started;
            try {
                started = Run.start(spec);
            } catch (RunSpecException e) {
                out.println(prefix(k, name) + ": not run: " + e.getMessage());
                code = 1;
                continue;
            }
            try (Run run = started) {
                Verdict v;
                try {
                    v = run.awaitVerdict(Run.deadlineOf(spec).toMillis() + 60_000, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    v = Verdict.fail("the launcher did not reach a verdict in time");
                    code = 1;
                }
                out.println(prefix(k, name) + ": " + v.line());
                out.flush();
            }
        }
        return code;
    }

    private String prefix(int index, String scenario) {
        return "chapter " + (index + 1) + "/" + CHAPTERS.size() + " " + scenario;
    }

    /** A chapter's run: held at the start (step mode) with the window, free without. */
    private RunSpec spec(String scenario, boolean windowed, String connect) {
        RunSpec.Builder b = RunSpec.builder(scenario)
                .participants(participants)
                .connectString(connect)
                .step(windowed)
                .speed(speed != null ? speed : windowed ? DemoCommand.PRESENTATION_SPEED : HEADLESS_SPEED);
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }
}
