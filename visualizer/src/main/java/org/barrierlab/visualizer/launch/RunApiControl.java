package org.barrierlab.visualizer.launch;

import java.io.IOException;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.visualizer.source.ControlException;
import org.barrierlab.visualizer.source.RunControl;

/**
 * Presenter controls for a run this process owns, straight through the launcher's {@link Run}
 * API (no control channel round trip).
 *
 * <pre>{@code
 * RunControl control = new RunApiControl(run);
 * control.pause();   // step mode on
 * control.step();    // exactly one participant proceeds
 * }</pre>
 */
public final class RunApiControl implements RunControl {

    private final Run run;

    public RunApiControl(Run run) {
        this.run = Objects.requireNonNull(run, "run");
    }

    @FunctionalInterface
    private interface Action {
        void run() throws KeeperException, InterruptedException, IOException;
    }

    private void call(String what, Action a) throws ControlException {
        try {
            a.run();
        } catch (KeeperException | IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ControlException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(what + " interrupted", e);
        }
    }

    @Override
    public void pause() throws ControlException {
        call("pause", () -> run.setStepMode(true));
    }

    @Override
    public void step() throws ControlException {
        call("step", () -> {
            if (!run.stepMode()) {
                run.setStepMode(true);
            }
            run.grantStep();
        });
    }

    @Override
    public void step(String participant) throws ControlException {
        call("step " + participant, () -> {
            if (!run.stepMode()) {
                run.setStepMode(true);
            }
            run.grantStep(participant);
        });
    }

    @Override
    public void continueRun() throws ControlException {
        call("continue", run::continueRun);
    }

    @Override
    public void setSpeed(double factor) throws ControlException {
        call("speed", () -> run.setSpeed(factor));
    }

    @Override
    public boolean supportsFaults() {
        return true;
    }

    @Override
    public void kill(String participant) throws ControlException {
        call("kill " + participant, () -> run.kill(participant));
    }

    @Override
    public void restart(String participant) throws ControlException {
        call("restart " + participant, () -> run.restart(participant));
    }

    @Override
    public boolean supportsServerFaults() {
        return run.controlsServers();
    }

    @Override
    public void killServer(String target) throws ControlException {
        call("kill server " + target, () -> run.killServer(target));
    }

    @Override
    public void restartServer(int id) throws ControlException {
        call("restart server " + id, () -> run.restartServer(id));
    }
}
