package org.barrierlab.launcher.zk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real ZooKeeper server in this JVM, on ZooKeeper's own server API: a {@link ZooKeeperServer}
 * behind a {@link ServerCnxnFactory} when it is alone (started synchronously: {@link #start()}
 * returns once it serves), a {@link QuorumPeerMain} on its own thread when it is one of an
 * ensemble ({@code peers} non-empty; {@link #ready()} tells when it has joined a quorum). {@link
 * #stop()} shuts it down and {@link #start()} brings it back with the same data directory and
 * ports. Readiness is read from the server objects, not probed over a socket (a four-letter probe
 * that closes early makes the server log an error). Not thread-safe: {@link EmbeddedZooKeeper}
 * serialises the calls.
 */
final class LocalServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);

    /** A server of an ensemble: its id and quorum and election ports on loopback. */
    record Peer(int id, int quorumPort, int electionPort) {}

    private final int id;
    private final String bind;
    private final int clientPort;
    private final Path dataDir;
    private final int tickMillis;
    private final Map<Integer, Peer> peers;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Runnable shutdown;
    private Thread thread;
    private volatile Member member;
    private volatile ZooKeeperServer standalone;

    /** {@code bind}: the address the client port listens on (127.0.0.1, 0.0.0.0 or one address). */
    LocalServer(int id, String bind, int clientPort, Path dataDir, int tickMillis, Map<Integer, Peer> peers) {
        this.id = id;
        this.bind = bind;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
        this.tickMillis = tickMillis;
        this.peers = Map.copyOf(peers);
    }

    int clientPort() {
        return clientPort;
    }

    /**
     * Starts the server. A standalone server serves when this returns; an ensemble member runs
     * on its own thread (see {@link #ready()} and {@link #failure()}).
     */
    void start() throws IOException, QuorumPeerConfig.ConfigException, InterruptedException {
        Files.createDirectories(dataDir);
        failure.set(null);
        if (peers.isEmpty()) {
            startStandalone();
        } else {
            startMember();
        }
    }

    private void startStandalone() throws IOException, InterruptedException {
        // QuorumPeerConfig sets this for ensemble members; a bare server reads it from here.
        System.setProperty("zookeeper.4lw.commands.whitelist", "srvr,ruok,stat,mntr");
        ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), tickMillis);
        // maxClientCnxns 0: unlimited connections per host (benchmarks open hundreds from loopback).
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress(bind, clientPort), 0);
        try {
            factory.startup(server);
        } catch (IOException | InterruptedException | RuntimeException e) {
            factory.shutdown();
            server.shutdown();
            throw e;
        }
        shutdown = () -> {
            factory.shutdown();
            server.shutdown();
        };
        standalone = server;
    }

    private void startMember() throws IOException, QuorumPeerConfig.ConfigException {
        Properties p = new Properties();
        p.setProperty("tickTime", Integer.toString(tickMillis));
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "5");
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("clientPort", Integer.toString(clientPort));
        // The client port listens where the ZkNetwork says; the servers talk among themselves on loopback.
        p.setProperty("clientPortAddress", bind);
        // Unlimited connections per host: benchmarks open hundreds of sessions from loopback.
        p.setProperty("maxClientCnxns", "0");
        // Admin server off: it would take port 8080, which other groups on a lab machine may hold.
        p.setProperty("admin.enableServer", "false");
        p.setProperty("4lw.commands.whitelist", "srvr,ruok,stat,mntr");
        for (Peer peer : peers.values()) {
            p.setProperty("server." + peer.id(), "127.0.0.1:" + peer.quorumPort() + ":" + peer.electionPort());
        }
        Files.writeString(dataDir.resolve("myid"), Integer.toString(id), StandardCharsets.US_ASCII);
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(p);
        Member main = new Member();
        member = main;
        shutdown = main::close;
        thread = new Thread(
                () -> {
                    try {
                        main.runFromConfig(config);
                    } catch (Exception | Error e) {
                        failure.set(e);
                        LOG.debug("ZooKeeper server {} ended with {}", id, e.toString());
                    }
                },
                "zookeeper-server-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * True when the server serves clients: a standalone server once started, an ensemble member
     * once it leads or follows.
     */
    boolean ready() {
        if (peers.isEmpty()) {
            ZooKeeperServer server = standalone;
            return server != null && server.isRunning();
        }
        Member main = member;
        QuorumPeer peer = main == null ? null : main.peer();
        if (peer == null) {
            return false;
        }
        QuorumPeer.ServerState state = peer.getPeerState();
        return state == QuorumPeer.ServerState.LEADING || state == QuorumPeer.ServerState.FOLLOWING;
    }

    /** Why an ensemble member's thread ended on its own (e.g. its port was taken), or null. */
    Throwable failure() {
        return failure.get();
    }

    /** True while the server runs (for an ensemble member: while its thread does). */
    boolean running() {
        return peers.isEmpty() ? standalone != null : thread != null && thread.isAlive();
    }

    /** Shuts the server down and waits (bounded) for an ensemble member's thread to end. */
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
        member = null;
        standalone = null;
    }

    /** {@link QuorumPeerMain} with its peer readable, to tell when it has joined a quorum. */
    private static final class Member extends QuorumPeerMain {
        QuorumPeer peer() {
            return quorumPeer;
        }
    }
}
