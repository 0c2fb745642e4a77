package org.barrierlab.launcher.run;

import java.util.Objects;
import org.barrierlab.runmodel.control.ControlCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper servers a run may kill and restart (the ensemble its launcher started): the
 * {@code kill-server} and {@code restart-server} commands, with the run told of each fault so that
 * the reconnection is not judged a stall.
 */
final class RunServers {

    private static final Logger LOG = LoggerFactory.getLogger(RunServers.class);

    private final String runId;
    private final Runnable faultInjected;
    private volatile ServerFaults servers;

    RunServers(String runId, Runnable faultInjected) {
        this.runId = runId;
        this.faultInjected = faultInjected;
    }

    void control(ServerFaults faults) {
        this.servers = Objects.requireNonNull(faults, "faults");
    }

    boolean controlled() {
        return servers != null;
    }

    String kill(String target) {
        ServerFaults s = require();
        faultInjected.run();
        String line = s.kill(target);
        faultInjected.run();
        return line;
    }

    String restart(int id) {
        ServerFaults s = require();
        faultInjected.run();
        return s.restart(id);
    }

    /**
     * A server command from the control channel, on its own thread: killing the leader drops
     * the launcher's own connection for a moment, and the monitor must go on meanwhile.
     */
    void execute(ControlCommand c) {
        require();
        Thread t = new Thread(
                () -> {
                    try {
                        String line = c.verb().equals("kill-server")
                                ? kill(c.argument())
                                : restart(Integer.parseInt(c.argument()));
                        LOG.info("Control channel: {}", line);
                    } catch (RuntimeException e) {
                        LOG.warn("Control command '{}' refused: {}", c, e.getMessage());
                    }
                },
                "server-fault-" + runId);
        t.setDaemon(true);
        t.start();
    }

    private ServerFaults require() {
        ServerFaults s = servers;
        if (s == null) {
            throw new IllegalStateException(
                    "run " + runId + " does not control its ZooKeeper servers;" + " start the demo with --ensemble 3");
        }
        return s;
    }
}
