package org.barrierlab.launcher.zk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real ZooKeeper server in this JVM, on ZooKeeper's own server API: {@link
 * ZooKeeperServerMain} when it is alone, {@link QuorumPeerMain} when it is one of an ensemble
 * ({@code peers} non-empty). Each run of the server has its own thread (the ZooKeeper mains block
 * until shut down); {@link #stop()} shuts it down and {@link #start()} brings it back with the same
 * data directory and ports. Not thread-safe: {@link EmbeddedZooKeeper} serialises the calls.
 */
final class LocalServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);

    /** A server of an ensemble: its id and quorum and election ports on loopback. */
    record Peer(int id, int quorumPort, int electionPort) {}

    private final int id;
    private final int clientPort;
    private final Path dataDir;
    private final int tickMillis;
    private final Map<Integer, Peer> peers;
    private Runnable shutdown;
    private Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    LocalServer(int id, int clientPort, Path dataDir, int tickMillis, Map<Integer, Peer> peers) {
        this.id = id;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
        this.tickMillis = tickMillis;
        this.peers = Map.copyOf(peers);
    }

    int clientPort() {
        return clientPort;
    }

    /** Starts the server's thread; returns at once (see {@link #failure()} for start errors). */
    void start() throws IOException, QuorumPeerConfig.ConfigException {
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("tickTime", Integer.toString(tickMillis));
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("clientPort", Integer.toString(clientPort));
        p.setProperty("clientPortAddress", "127.0.0.1");
        // Unlimited connections per host: benchmarks open hundreds of sessions from loopback.
        p.setProperty("maxClientCnxns", "0");
        // Admin server off: it would take port 8080, which other groups on a lab machine may hold.
        p.setProperty("admin.enableServer", "false");
        p.setProperty("4lw.commands.whitelist", "srvr,ruok,stat,mntr");
        if (!peers.isEmpty()) {
            p.setProperty("initLimit", "10");
            p.setProperty("syncLimit", "5");
            for (Peer peer : peers.values()) {
                p.setProperty("server." + peer.id(), "127.0.0.1:" + peer.quorumPort() + ":" + peer.electionPort());
            }
            Files.writeString(dataDir.resolve("myid"), Integer.toString(id), StandardCharsets.US_ASCII);
        }
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(p);
        failure.set(null);
        Runnable body;
        if (peers.isEmpty()) {
            ServerConfig serverConfig = new ServerConfig();
            serverConfig.readFrom(config);
            Standalone main = new Standalone();
            shutdown = main::stopServer;
            body = () -> run(() -> main.runFromConfig(serverConfig));
        } else {
            QuorumPeerMain main = new QuorumPeerMain();
            shutdown = main::close;
            body = () -> run(() -> main.runFromConfig(config));
        }
        thread = new Thread(body, "zookeeper-server-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    private interface ServerBody {
        void run() throws Exception;
    }

    private void run(ServerBody body) {
        try {
            body.run();
        } catch (Exception | Error e) {
            failure.set(e);
            LOG.debug("ZooKeeper server {} ended with {}", id, e.toString());
        }
    }

    /** Why the server's thread ended on its own (e.g. its port was taken), or null. */
    Throwable failure() {
        return failure.get();
    }

    /** True while the server's thread runs. */
    boolean running() {
        return thread != null && thread.isAlive();
    }

    /** Shuts the server down and waits (bounded) for its thread to end. */
    void stop() throws InterruptedException {
        if (shutdown != null) {
            shutdown.run();
        }
        if (thread != null) {
            thread.join(10_000);
            if (thread.isAlive()) {
                LOG.warn("ZooKeeper server {} did not stop within 10 s", id);
            }
        }
        shutdown = null;
        thread = null;
    }

    /** {@link ZooKeeperServerMain} with its protected shutdown reachable. */
    private static final class Standalone extends ZooKeeperServerMain {
        void stopServer() {
            shutdown();
        }
    }
}
