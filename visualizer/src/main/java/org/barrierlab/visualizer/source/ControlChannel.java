package org.barrierlab.visualizer.source;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.control.ControlCommand;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * Presenter commands for a run started by another process: each command is one persistent
 * sequential node {@code <run>/control/c-NNNNNNNNNN} whose data is one line ({@code step},
 * {@code continue}, {@code pause}, {@code speed <x>}, {@code kill <pid>}, {@code restart
 * <pid>}, {@code kill-server <id|leader>}, {@code restart-server <id>}); the launcher executes
 * them in order.
 *
 * <pre>{@code
 * RunControl control = new ControlChannel(zk, () -> RunLayout.of("r-1"));
 * control.kill("p3");
 * }</pre>
 */
public final class ControlChannel implements RunControl {

    private final ZooKeeper zk;
    private final Supplier<RunLayout> run;

    public ControlChannel(ZooKeeper zk, Supplier<RunLayout> run) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
    }

    /** Writes one command line ({@link ControlCommand#send}); the run executes commands in order. */
    public void send(String command) throws ControlException {
        RunLayout layout = run.get();
        if (layout == null) {
            throw new ControlException("no run to control yet");
        }
        try {
            ControlCommand.send(zk, layout, command);
        } catch (KeeperException.NoNodeException e) {
            throw new ControlException("run " + layout.runId() + " has no control channel (has it ended?)", e);
        } catch (KeeperException e) {
            throw new ControlException(
                    "could not send '" + command + "' to " + layout.runId() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while sending '" + command + "'", e);
        }
    }

    @Override
    public void pause() throws ControlException {
        send("pause");
    }

    @Override
    public void step() throws ControlException {
        send("step");
    }

    @Override
    public void step(String participant) throws ControlException {
        send("step " + RunLayout.requireName(participant, "participant id"));
    }

    @Override
    public void continueRun() throws ControlException {
        send("continue");
    }

    @Override
    public void setSpeed(double factor) throws ControlException {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + factor);
        }
        send(String.format(Locale.ROOT, "speed %.2f", factor));
    }

    @Override
    public boolean supportsFaults() {
        return true;
    }

    @Override
    public void kill(String participant) throws ControlException {
        send("kill " + RunLayout.requireName(participant, "participant id"));
    }

    @Override
    public void restart(String participant) throws ControlException {
        send("restart " + RunLayout.requireName(participant, "participant id"));
    }

    /** The launcher decides: it executes server commands only for an ensemble it started. */
    @Override
    public boolean supportsServerFaults() {
        return true;
    }

    @Override
    public void killServer(String target) throws ControlException {
        send("kill-server " + target);
    }

    @Override
    public void restartServer(int id) throws ControlException {
        send("restart-server " + id);
    }
}
