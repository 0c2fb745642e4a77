package org.barrierlab.launcher.cluster;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.run.ServerFaults;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.launcher.zk.Ensemble;
import org.barrierlab.launcher.zk.UserPorts;
import org.barrierlab.launcher.zk.ZkNetwork;
import org.barrierlab.launcher.zk.ZooKeeperStartException;

/**
 * The ZooKeeper side of one {@code demo}, chosen before the run starts: the user's {@code --zk};
 * or an ensemble this launcher owns ({@code --ensemble N}: local, or one server per node with
 * {@code --hosts}); or, for {@code --hosts} alone, an embedded server that listens on all
 * interfaces and advertises the address that reaches the nodes. With {@code --hosts} the nodes
 * are checked first ({@link ClusterDoctor}) and a failing node refuses the run with one line.
 * Server faults ({@code --kill-server}) are timed from {@link #startFaults}; the same kills and
 * restarts are offered to the run's control channel ({@link ServerFaults}, the visualizer's
 * server menu) when this launcher started an ensemble of three or more.
 *
 * <pre>{@code
 * try (DemoCluster c = DemoCluster.prepare(hosts, zk, template, 3, faults, err)) {
 *     RunSpec spec = builder.connectString(c.connectString()).build();  // null: Run starts its own server
 *     try (Run run = Run.start(spec)) { c.startFaults(run::serverFaultInjected); ... }
 * }
 * }</pre>
 */
public final class DemoCluster implements AutoCloseable, ServerFaults {

    private final Ensemble owned;
    private final String connect;
    private final List<ServerFault> faults;
    private final PrintWriter err;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-faults");
        t.setDaemon(true);
        return t;
    });

    private DemoCluster(Ensemble owned, String connect, List<ServerFault> faults, PrintWriter err) {
        this.owned = owned;
        this.connect = connect;
        this.faults = faults;
        this.err = err;
    }

    /**
     * Chooses and starts the ZooKeeper side.
     *
     * @param zk the user's connect string, or null
     * @param ensembleSize servers to start (1: the usual single server)
     * @throws IllegalArgumentException for bad input or a node that fails a check (one line
     *     naming the node, the problem and the fix)
     * @throws InterruptedException if interrupted while starting
     */
    public static DemoCluster prepare(
            List<String> hosts, String zk, String template, int ensembleSize, List<ServerFault> faults, PrintWriter err)
            throws InterruptedException {
        if (ensembleSize < 1 || ensembleSize > 7) {
            throw new IllegalArgumentException("--ensemble must be between 1 and 7, was " + ensembleSize);
        }
        if (ensembleSize > 1 && zk != null) {
            throw new IllegalArgumentException(
                    "--ensemble starts servers for this run; it cannot be combined with --zk");
        }
        if (!faults.isEmpty() && zk != null) {
            throw new IllegalArgumentException(
                    "--kill-server needs servers this launcher starts: drop --zk and give" + " --ensemble 3");
        }
        if (!faults.isEmpty() && ensembleSize < 3) {
            throw new IllegalArgumentException(
                    "--kill-server needs an ensemble that survives a server: add --ensemble 3");
        }
        for (ServerFault f : faults) {
            if (!f.target().equals("leader") && Integer.parseInt(f.target()) > ensembleSize) {
                throw new IllegalArgumentException(
                        "server " + f.target() + " does not exist; the ensemble has servers 1.." + ensembleSize);
            }
        }
        if (hosts.isEmpty()) {
            if (zk != null || ensembleSize == 1) {
                return new DemoCluster(null, zk, faults, err);
            }
            EmbeddedZooKeeper local =
                    EmbeddedZooKeeper.ensemble(ensembleSize, 0, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS);
            err.println("  local ZooKeeper ensemble of " + ensembleSize + " at " + local.connectString());
            return new DemoCluster(local, local.connectString(), faults, err);
        }
        RemoteShell shell = ClusterDoctor.remoteShell(hosts, template);
        ClusterDoctor doctor = new ClusterDoctor(shell);
        if (zk == null && ensembleSize > 1) {
            List<String> placement = new ArrayList<>();
            for (int i = 0; i < ensembleSize; i++) {
                placement.add(hosts.get(i % hosts.size()));
            }
            int base = UserPorts.base();
            refuseOnProblem(doctor.check(hosts, null, List.of(base, base + 1, base + 2)), err);
            try {
                RemoteEnsemble remote = RemoteEnsemble.start(
                        placement, base, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS, shell, err::println);
                err.println("  ZooKeeper ensemble on the nodes: " + remote.connectString());
                return new DemoCluster(remote, remote.connectString(), faults, err);
            } catch (ZooKeeperStartException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        EmbeddedZooKeeper embedded = null;
        String connect = zk;
        if (zk == null) {
            ZkNetwork net = ZkNetwork.forHost(hosts.get(0));
            embedded = EmbeddedZooKeeper.standalone(0, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS, net);
            connect = embedded.connectString();
        }
        try {
            refuseOnProblem(doctor.check(hosts, connect, List.of()), err);
            if (embedded != null) {
                err.println("  embedded ZooKeeper for --hosts at " + connect + ": "
                        + embedded.network().describe());
            }
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        return new DemoCluster(embedded, connect, faults, err);
    }

    private static void refuseOnProblem(List<ClusterDoctor.NodeReport> reports, PrintWriter err) {
        String problem = ClusterDoctor.firstProblem(reports);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        err.println("  nodes checked: "
                + String.join(", ", reports.stream().map(r -> r.host() + " ok").toList()));
    }

    /** The connect string for the run, or null if the run should start its own embedded server. */
    public String connectString() {
        return connect;
    }

    /**
     * Schedules the server faults, timed from now (call it right after the run started); {@code
     * onFault} runs just before each one (the run then allows for the reconnection).
     */
    public void startFaults(Runnable onFault) {
        for (ServerFault f : faults) {
            timer.schedule(() -> apply(f, onFault), f.after().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void apply(ServerFault f, Runnable onFault) {
        String at = " at " + f.after().toMillis() / 1000.0 + " s";
        try {
            onFault.run();
            if (f.restart()) {
                int id = Integer.parseInt(f.target());
                restart(id);
                err.println("  fault: ZooKeeper server " + id + " restarted" + at);
                return;
            }
            Killed k = killServer(f.target());
            onFault.run();
            err.println("  fault: ZooKeeper server " + k.id() + (k.wasLeader() ? " (the leader)" : "") + " killed" + at
                    + "; new leader: " + k.newLeader());
        } catch (RuntimeException e) {
            err.println("  fault " + f + " not applied: " + e.getMessage());
        }
        err.flush();
    }

    /** True if this launcher started an ensemble that survives the loss of a server. */
    public boolean controlsServers() {
        return owned != null && owned.serverIds().size() >= 3;
    }

    /** The current leader of the ensemble this launcher started, if one answers. */
    public Optional<Integer> leaderId() {
        return requireOwned().leaderId();
    }

    /** True unless server {@code id} of the ensemble this launcher started was killed. */
    public boolean isAlive(int id) {
        return requireOwned().isAlive(id);
    }

    /** Kills a server now, for the run's control channel (the visualizer's server menu). */
    @Override
    public String kill(String target) {
        Killed k = killServer(target);
        String line = "ZooKeeper server " + k.id() + (k.wasLeader() ? " (the leader)" : "") + " killed; new leader: "
                + k.newLeader();
        err.println("  fault: " + line + " (from the control channel)");
        err.flush();
        return line;
    }

    /** Restarts a killed server now, for the run's control channel. */
    @Override
    public String restart(int id) {
        requireOwned().restart(id);
        err.println("  fault: ZooKeeper server " + id + " restarted (from the control channel)");
        err.flush();
        return "ZooKeeper server " + id + " restarted";
    }

    private record Killed(int id, boolean wasLeader, String newLeader) {}

    private Killed killServer(String target) {
        Ensemble e = requireOwned();
        Optional<Integer> leader = e.leaderId();
        int id;
        if (target.equals("leader")) {
            id = leader.orElseThrow(() -> new IllegalStateException("no leader answers"));
        } else {
            try {
                id = Integer.parseInt(target);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("a server is an id or 'leader', was '" + target + "'");
            }
            if (!e.serverIds().contains(id)) {
                throw new IllegalArgumentException(
                        "server " + id + " does not exist; the ensemble has servers " + e.serverIds());
            }
        }
        boolean wasLeader = leader.isPresent() && leader.get() == id;
        e.kill(id);
        return new Killed(id, wasLeader, awaitLeader().map(l -> "server " + l).orElse("none yet"));
    }

    private Ensemble requireOwned() {
        if (!controlsServers()) {
            throw new IllegalStateException("the run's ZooKeeper servers are not an ensemble this launcher started;"
                    + " start the demo with --ensemble 3");
        }
        return owned;
    }

    private Optional<Integer> awaitLeader() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<Integer> l = owned.leaderId();
        while (l.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            l = owned.leaderId();
        }
        return l;
    }

    /** Stops the fault timer and the servers this launcher started. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (owned != null) {
            owned.close();
        }
    }
}
