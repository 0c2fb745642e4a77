package org.barrierlab.barrier;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.command.FourLetterCommands;

/**
 * What the server itself says about watches and barrier nodes: the {@code wchp} four-letter word
 * (watched paths, as the server holds them, not as a client believes), and bounded waits for
 * arrivals seen on the server.
 *
 * <pre>{@code
 * ServerWatches.enableAll();                 // before the first 4lw request of the JVM
 * List<String> paths = ServerWatches.watchedPaths(server.getConnectString());
 * }</pre>
 */
final class ServerWatches {

    private ServerWatches() {}

    /** Whitelists every four-letter word for the in-process servers of this JVM. */
    static synchronized void enableAll() {
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        FourLetterCommands.resetWhiteList();
    }

    /** The paths that hold at least one watch on the server ({@code wchp}). */
    static List<String> watchedPaths(String connectString) throws IOException {
        String hostPort = connectString.split(",")[0];
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("wchp".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (reply.contains("not in the whitelist") || reply.contains("not executed")) {
                throw new IllegalStateException("wchp is not enabled: " + reply.trim());
            }
            List<String> paths = new ArrayList<>();
            for (String line : reply.split("\n")) {
                if (line.startsWith("/")) {
                    paths.add(line.trim());
                }
            }
            return paths;
        }
    }

    /** Waits (at most 20 s) until {@code slotNode} has at least n arrival children ({@code a-<id>}). */
    static void awaitArrivals(ZooKeeper zk, String slotNode, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            CompletableFuture<Void> changed = new CompletableFuture<>();
            List<String> kids;
            if (zk.exists(slotNode, e -> changed.complete(null)) == null) {
                kids = List.of();
            } else {
                kids = zk.getChildren(slotNode, e -> changed.complete(null));
            }
            if (kids.stream().filter(k -> k.startsWith("a-")).count() >= n) {
                return;
            }
            try {
                changed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(n + " arrivals at " + slotNode + " not seen within 20 s, only " + kids);
            }
        }
    }

    /**
     * Waits (at most 20 s) until a chain of {@code hops} asynchronous requests has completed on
     * this session, each sent from the previous one's callback. A session's requests are answered
     * in order and its callbacks and watch events run on one thread in order, so every request
     * that a callback or watcher of this session sends within {@code hops - 1} steps of now has
     * been answered when this returns: a deterministic "what the client set off has run".
     */
    static void drainSession(ZooKeeper zk, int hops) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        hop(zk, hops, done);
        try {
            done.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the session's requests were not answered within 20 s");
        }
    }

    private static void hop(ZooKeeper zk, int left, CompletableFuture<Void> done) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        zk.exists("/", false, (rc, p, ctx, stat) -> hop(zk, left - 1, done), null);
    }
}
