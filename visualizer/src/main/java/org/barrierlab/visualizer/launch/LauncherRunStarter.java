package org.barrierlab.visualizer.launch;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.scenario.Scenarios;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.source.ZkEventSource;

/**
 * Starts scenario runs from the visualizer through the launcher's {@link Run} API, on an
 * embedded ZooKeeper or a given ensemble; the view follows the run live and controls it through
 * {@link RunApiControl}.
 *
 * <pre>{@code
 * RunStarter starter = new LauncherRunStarter();
 * RunStarter.StartedRun run = starter.start("nested", 4, null);
 * window.attach(run.source(), run);
 * }</pre>
 */
public final class LauncherRunStarter implements RunStarter {

    @Override
    public List<String> scenarios() {
        return Scenarios.list().stream().map(Scenario::name).toList();
    }

    @Override
    public StartedRun start(String scenario, int participants, String connectString) throws ControlException {
        RunSpec.Builder b = RunSpec.builder(scenario).participants(participants);
        if (connectString != null && !connectString.isBlank()) {
            b.connectString(connectString);
        }
        RunSpec spec;
        try {
            spec = b.build();
        } catch (IllegalArgumentException e) {
            throw new ControlException(e.getMessage(), e);
        }
        Run run;
        try {
            run = Run.start(spec);
        } catch (IOException | KeeperException | RuntimeException e) {
            throw new ControlException("cannot start " + scenario + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while starting " + scenario, e);
        }
        try {
            return follow(run, true);
        } catch (ControlException e) {
            run.close();
            throw e;
        }
    }

    /** A live source on a run owned by this process; {@code owned} closes the run with the view. */
    public static StartedRun follow(Run run, boolean owned) throws ControlException {
        ZkEventSource source;
        try {
            source = ZkEventSource.connect(run.connectString(), run.layout(), new RunApiControl(run));
        } catch (IOException | TimeoutException e) {
            throw new ControlException("cannot follow run " + run.runId() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while connecting to run " + run.runId(), e);
        }
        return new StartedRun() {
            @Override
            public EventSource source() {
                return source;
            }

            @Override
            public void close() {
                source.close();
                if (owned) {
                    run.close();
                }
            }
        };
    }
}
