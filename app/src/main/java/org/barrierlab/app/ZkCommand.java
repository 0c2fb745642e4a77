package org.barrierlab.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.run.Durations;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
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
        EmbeddedZooKeeper zk = ensemble == 1
                ? EmbeddedZooKeeper.standalone(port, tickMillis)
                : EmbeddedZooKeeper.ensemble(ensemble, port, tickMillis);
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
