package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.barrierlab.launcher.cluster.DemoCluster;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.visualizer.launch.LauncherRunStarter;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.support.Fx;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A server fault from the window: a real local 3-server ensemble started by the launcher's
 * {@link DemoCluster} (as {@code demo --ensemble 3} does), a real run, the headless window;
 * "Servers > Kill server N" on the current leader kills that server while a participant waits
 * in the barrier, and the run still passes on the new leader.
 */
@ExtendWith(ApplicationExtension.class)
class ServerMenuUiTest {

    private VisualizerWindow window;
    private DemoCluster cluster;
    private Run run;
    private RunStarter.StartedRun started;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(new LauncherRunStarter());
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        if (window != null) {
            Fx.run(window::close);
        }
        if (started != null) {
            started.close();
        }
        if (run != null) {
            run.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(240)
    void killingTheLeaderFromTheServerMenuKillsItAndTheRoundStillPasses(FxRobot robot) throws Exception {
        StringWriter launcherErr = new StringWriter();
        cluster = DemoCluster.prepare(
                List.of(), null, RunSpec.DEFAULT_REMOTE_SHELL, 3, List.of(), new PrintWriter(launcherErr, true));
        run = Run.start(RunSpec.builder("reusable")
                .participants(3)
                .rounds(3)
                .step(true)
                .connectString(cluster.connectString())
                .build());
        run.controlServers(cluster);
        started = LauncherRunStarter.follow(run, false);
        Fx.run(() -> window.attach(started.source()));
        RunViewModel vm = window.viewModel();
        Fx.waitUntil(
                60,
                "all three participants waiting at the step gate",
                () -> vm.stateProperty().get().participants().values().stream()
                                .filter(ParticipantState::stepWaiting)
                                .count()
                        == 3);
        run.grantStep();
        // one participant arrives and waits in the barrier: the leader dies mid-round
        Fx.waitUntil(30, "one arrival", () -> vm.log().stream().anyMatch(e -> e.is(EventType.ARRIVE)));
        int leader = cluster.leaderId().orElseThrow();

        robot.clickOn("#servers");
        robot.clickOn("Kill server " + leader);

        Fx.waitUntil(30, "server " + leader + " killed", () -> !cluster.isAlive(leader));
        Fx.waitUntil(30, "a new leader", () -> cluster.leaderId().isPresent());
        assertNotEquals(leader, cluster.leaderId().orElseThrow(), "the leader changed");
        Fx.waitUntil(
                30,
                "the kill reported in the status line",
                () -> window.presenter().statusProperty().get().equals("sent: kill ZooKeeper server " + leader));
        ConnectionLossRetry.call(4000, () -> {
            run.continueRun();
            return null;
        });
        Verdict v = run.awaitVerdict(120, TimeUnit.SECONDS);
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line() + "\n" + launcherErr);
        assertTrue(
                launcherErr.toString().contains("ZooKeeper server " + leader + " (the leader) killed"),
                launcherErr.toString());
    }
}
