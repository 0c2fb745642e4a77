package org.barrierlab.barrier.curator;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.curator.test.TestingZooKeeperServer;

/** Real servers (curator-test) and started Curator clients for the tests; every wait is bounded. */
final class CuratorFixtures {

    private CuratorFixtures() {}

    /** A started single server with a short tick, so that short session timeouts are allowed. */
    static TestingServer server() throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1), true);
    }

    static TestingCluster ensemble() throws Exception {
        TestingCluster cluster = new TestingCluster(3);
        cluster.start();
        return cluster;
    }

    /** A started client, connected within 20 s. */
    static CuratorFramework client(String connect, int sessionMs) throws InterruptedException {
        return start(builder(connect, sessionMs));
    }

    static CuratorFrameworkFactory.Builder builder(String connect, int sessionMs) {
        return CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(sessionMs)
                .connectionTimeoutMs(sessionMs)
                .retryPolicy(new RetryOneTime(50));
    }

    static CuratorFramework start(CuratorFrameworkFactory.Builder b) throws InterruptedException {
        CuratorFramework c = b.build();
        c.start();
        if (!c.blockUntilConnected(20, TimeUnit.SECONDS)) {
            c.close();
            throw new AssertionError("Curator client did not connect within 20 s");
        }
        return c;
    }

    /** Polls a condition (a server-side state change) until it holds, at most {@code seconds}. */
    static void awaitCondition(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        awaitCondition(() -> what, seconds, condition);
    }

    /** As above; the description is computed on failure (it may show the state found). */
    static void awaitCondition(Supplier<String> what, int seconds, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Whether {@code n} members have arrived at the slot node (their {@code a-<id>} markers). */
    static boolean arrived(CuratorFramework raw, String slotNode, int n) {
        try {
            if (raw.checkExists().forPath(slotNode) == null) {
                return false;
            }
            return raw.getChildren().forPath(slotNode).stream()
                            .filter(k -> k.startsWith("a-"))
                            .count()
                    >= n;
        } catch (Exception e) {
            return false; // a fault in progress: ask again
        }
    }

    /** Runs the tasks at once on their own threads and returns their results, bounded. */
    static <T> List<T> together(int seconds, List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (Callable<T> t : tasks) {
                fs.add(pool.submit(t));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get(seconds, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The ensemble's leader by the "srvr" four-letter command, waiting up to 20 s for one. */
    static InstanceSpec leader(TestingCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (TestingZooKeeperServer s : cluster.getServers()) {
                InstanceSpec spec = s.getInstanceSpec();
                try (Socket socket = new Socket("localhost", spec.getPort())) {
                    socket.setSoTimeout(2000);
                    socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    if (reply.contains("Mode: leader")) {
                        return spec;
                    }
                } catch (IOException e) {
                    // down or not serving yet
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no leader within 20 s");
    }
}
