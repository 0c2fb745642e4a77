package org.barrierlab.launcher.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.zk.UserPorts;
import org.barrierlab.launcher.zk.ZooKeeperStartException;

/**
 * {@code barrierlab zk --hosts n1,n2,n3}: checks the nodes ({@link ClusterDoctor}, ports
 * included), starts a {@link RemoteEnsemble} on them, prints its connect string on stdout and
 * runs until Ctrl-C or the given duration; then the servers stop and their data is removed.
 */
public final class ZkOnHosts {

    private ZkOnHosts() {}

    /**
     * Places {@code size} servers round-robin on {@code hosts}, this user's ports unless {@code
     * port} is given.
     *
     * @throws IllegalArgumentException for a bad template or host, or a node that fails a check
     *     (one line naming the node, the problem and the fix)
     * @throws InterruptedException if interrupted while starting
     */
    public static void run(
            List<String> hosts,
            String template,
            int size,
            int port,
            int tickMillis,
            Duration limit,
            PrintStream out,
            PrintStream err)
            throws InterruptedException {
        RemoteShell shell = ClusterDoctor.remoteShell(hosts, template);
        int servers = size == 1 && hosts.size() > 1 ? hosts.size() : size;
        List<String> placement = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            placement.add(hosts.get(i % hosts.size()));
        }
        int base = port == 0 ? UserPorts.base() : port;
        err.println("barrierlab zk: " + servers + " server(s) on " + String.join(",", placement) + ", ports " + base
                + "-" + (base + 2) + (port == 0 ? " (this user's: 10000 + (uid % 1400) * 16)" : "")
                + "; checking the nodes...");
        List<ClusterDoctor.NodeReport> reports =
                new ClusterDoctor(shell).check(placement, null, List.of(base, base + 1, base + 2));
        reports.forEach(r -> err.println("  " + r.line()));
        String problem = ClusterDoctor.firstProblem(reports);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        RemoteEnsemble zk;
        try {
            zk = RemoteEnsemble.start(placement, base, tickMillis, shell, err::println);
        } catch (ZooKeeperStartException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            zk.close();
                            stopped.countDown();
                        },
                        "zk-hosts-shutdown"));
        out.println(zk.connectString());
        out.flush();
        err.println("ZooKeeper ensemble of " + servers + " ready at " + zk.connectString() + ", leader: server "
                + zk.leaderId().map(String::valueOf).orElse("?") + ". Ctrl-C to stop (the servers stop with this"
                + " command, even on kill -9).");
        if (limit == null) {
            stopped.await();
        } else if (!stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            err.println("Stopped after " + limit.toSeconds() + " s.");
        }
    }
}
