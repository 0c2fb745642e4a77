package org.barrierlab.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.cluster.ZkOnHosts;
import org.barrierlab.launcher.run.Durations;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.launcher.zk.ZkNetwork;
import org.barrierlab.launcher.zk.ZooKeeperStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barrierlab zk}: starts an embedded ZooKeeper server (or a local ensemble), prints its
 * connect string on stdout and runs until Ctrl-C, then stops cleanly and removes its data.
 */
@Command(
        name = "zk",
        mixinStandardHelpOptions = true,
        description = {
            "Start an embedded real ZooKeeper server (or a local ensemble) and print its connect string.",
            "Runs until Ctrl-C; then the servers stop and their temporary data directory is removed."
        })
public final class ZkCommand implements Runnable {

    @Option(
            names = "--ensemble",
            paramLabel = "N",
            defaultValue = "1",
            description = "Number of servers: 1 for a standalone server, 3 for a local ensemble whose servers"
                    + " can fail one by one (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "0",
            description = "Client port of the (first) server; the others use the next ports."
                    + " 0 picks free ports (default).")
    int port;

    @Option(
            names = "--tick-time",
            paramLabel = "MS",
            defaultValue = "" + EmbeddedZooKeeper.DEFAULT_TICK_MILLIS,
            description = "ZooKeeper tick in milliseconds; sessions may time out between 2 and 20 ticks"
                    + " (default: ${DEFAULT-VALUE}).")
    int tickMillis;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address the servers listen on: 127.0.0.1 (default without --advertise), 0.0.0.0 for"
                    + " all interfaces, or one address of this machine.")
    String bind;

    @Option(
            names = "--advertise",
            paramLabel = "HOST",
            description = "Host named in the printed connect string (default: the bind address; for 0.0.0.0"
                    + " this machine's name or network address).")
    String advertise;

    @Option(
            names = "--hosts",
            paramLabel = "H1,H2,...",
            split = ",",
            description = "Start the servers on these nodes through --remote-shell, one per host (--ensemble"
                    + " defaults to the number of hosts), on this user's ports; they stop with this command.")
    List<String> hosts = new ArrayList<>();

    @Option(
            names = "--remote-shell",
            paramLabel = "TEMPLATE",
            defaultValue = RunSpec.DEFAULT_REMOTE_SHELL,
            description = "Command that runs a command on {host} (default: '${DEFAULT-VALUE}').")
    String remoteShell;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Stop by itself after this time, e.g. 30s or 5m (default: run until Ctrl-C).")
    String duration;

    @Override
    public void run() {
        if (ensemble < 1 || ensemble > 7) {
            throw new UsageException("--ensemble must be between 1 and 7, was " + ensemble);
        }
        Duration limit = duration == null ? null : Durations.parse(duration, "--duration");
        if (!hosts.isEmpty()) {
            if (bind != null || advertise != null) {
                throw new UsageException("--bind and --advertise are for servers on this machine; with --hosts each"
                        + " server listens on its node and the connect string names the nodes");
            }
            try {
                ZkOnHosts.run(hosts, remoteShell, ensemble, port, tickMillis, limit, System.out, System.err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        ZkNetwork network = ZkNetwork.of(bind, advertise);
        EmbeddedZooKeeper zk;
        try {
            zk = ensemble == 1
                    ? EmbeddedZooKeeper.standalone(port, tickMillis, network)
                    : EmbeddedZooKeeper.ensemble(ensemble, port, tickMillis, network);
        } catch (ZooKeeperStartException e) {
            // A busy port is the user's input: one line, exit 2 (the data directory is removed).
            throw new UsageException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            zk.close();
                            stopped.countDown();
                        },
                        "zk-command-shutdown"));
        System.out.println(zk.connectString());
        System.out.flush();
        System.err.println((ensemble == 1 ? "ZooKeeper" : "ZooKeeper ensemble of " + ensemble) + " ready at "
                + zk.connectString() + " (data in " + zk.dataDirectory() + "). Ctrl-C to stop.");
        System.err.println("  " + network.describe());
        try {
            if (limit == null) {
                stopped.await();
            } else if (!stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                zk.close();
                System.err.println("Stopped after " + duration + ".");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            zk.close();
        }
    }
}
