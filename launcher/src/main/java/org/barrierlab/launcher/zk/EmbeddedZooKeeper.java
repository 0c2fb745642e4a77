package org.barrierlab.launcher.zk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real ZooKeeper servers inside this JVM, on free ports (loopback unless a {@link ZkNetwork}
 * says otherwise), with their data in a
 * temporary directory that is removed on {@link #close()} (and by a shutdown hook if the JVM
 * exits first). Two shapes:
 *
 * <ul>
 *   <li>{@link #standalone(int)}: one server, the default wherever no {@code --zk} is given;
 *   <li>{@link #ensemble(int)}: a local quorum of N servers (3 for fault demos), each of which
 *       can be {@link #kill killed} and {@link #restart restarted} on its own; clients given
 *       {@link #connectString()} fail over between them.
 * </ul>
 *
 * <p>The servers use a short tick (500 ms by default), so session timeouts between 1 s and 10 s
 * are allowed and a dead participant is noticed within seconds: what a classroom demo wants.
 * Client connections per host are unlimited (benchmarks open hundreds of sessions from
 * loopback). Thread-safe.
 *
 * <pre>{@code
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.ensemble(3)) {
 *     ZooKeeper client = new ZooKeeper(zk.connectString(), 4000, e -> {});
 *     zk.kill(zk.leaderId().orElseThrow());   // the others elect a new leader; the client goes on
 * }
 * }</pre>
 */
public final class EmbeddedZooKeeper implements Ensemble {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    /** Default tick: sessions may time out between 2 and 20 ticks. */
    public static final int DEFAULT_TICK_MILLIS = 500;

    private final Path baseDirectory;
    private final ZkNetwork network;
    /** How long a server may take to answer after it was started. */
    private static final long START_MILLIS = 30_000;

    private final Map<Integer, LocalServer> serversById;
    private final Map<Integer, Boolean> alive = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile CompletableFuture<?> heldBy;

    private EmbeddedZooKeeper(Path baseDirectory, ZkNetwork network, Map<Integer, LocalServer> servers) {
        this.baseDirectory = baseDirectory;
        this.network = network;
        this.serversById = Collections.unmodifiableMap(servers);
        servers.keySet().forEach(id -> alive.put(id, true));
        this.shutdownHook = new Thread(this::closeAtShutdown, "embedded-zookeeper-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * At JVM shutdown (Ctrl-C), lets {@code user} finish first (bounded by 20 s): shutdown hooks
     * run in no order, and a run that ends on Ctrl-C still needs the server to record its end.
     */
    public void holdAtShutdownUntil(CompletableFuture<?> user) {
        heldBy = Objects.requireNonNull(user, "user");
    }

    private void closeAtShutdown() {
        CompletableFuture<?> user = heldBy;
        if (user != null) {
            try {
                user.get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // close anyway
            }
        }
        closeQuietly();
    }

    /**
     * Starts one server.
     *
     * @param port the client port, or 0 for a free one
     * @throws IllegalArgumentException if the port is not 0..65535
     * @throws ZooKeeperStartException if the server cannot start (e.g. the port is taken)
     */
    public static EmbeddedZooKeeper standalone(int port) {
        return standalone(port, DEFAULT_TICK_MILLIS);
    }

    /** Starts one server with the given tick time; see {@link #standalone(int)}. */
    public static EmbeddedZooKeeper standalone(int port, int tickMillis) {
        return standalone(port, tickMillis, ZkNetwork.LOOPBACK);
    }

    /**
     * Starts one server listening where {@code network} says, its connect string naming the
     * advertised host; see {@link #standalone(int)}.
     */
    public static EmbeddedZooKeeper standalone(int port, int tickMillis, ZkNetwork network) {
        Objects.requireNonNull(network, "network");
        checkPort(port);
        checkTick(tickMillis);
        Path dir = createBaseDirectory();
        LocalServer server = null;
        try {
            int clientPort = port == 0 ? freePort() : port;
            server = new LocalServer(1, network.bind(), clientPort, dir.resolve("server-1"), tickMillis, Map.of());
            server.start();
            awaitServing(server);
            Map<Integer, LocalServer> servers = new LinkedHashMap<>();
            servers.put(1, server);
            LOG.debug("Embedded ZooKeeper on {}:{}", network.bind(), clientPort);
            return new EmbeddedZooKeeper(dir, network, servers);
        } catch (Exception e) {
            stopQuietly(server);
            deleteRecursively(dir);
            throw new ZooKeeperStartException("cannot start ZooKeeper on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a local ensemble of {@code size} servers and waits until it serves requests.
     *
     * @param size number of servers, 1..7 (3 is the usual demo)
     * @throws IllegalArgumentException if size is out of range
     * @throws ZooKeeperStartException if the ensemble cannot start
     */
    public static EmbeddedZooKeeper ensemble(int size) {
        return ensemble(size, 0, DEFAULT_TICK_MILLIS);
    }

    /**
     * Starts a local ensemble whose first server listens on {@code firstPort} (the others on the
     * next ports), or on free ports if {@code firstPort} is 0.
     */
    public static EmbeddedZooKeeper ensemble(int size, int firstPort, int tickMillis) {
        return ensemble(size, firstPort, tickMillis, ZkNetwork.LOOPBACK);
    }

    /**
     * Starts a local ensemble whose client ports listen where {@code network} says (the servers
     * talk to each other over loopback); see {@link #ensemble(int, int, int)}.
     */
    public static EmbeddedZooKeeper ensemble(int size, int firstPort, int tickMillis, ZkNetwork network) {
        Objects.requireNonNull(network, "network");
        if (size < 1 || size > 7) {
            throw new IllegalArgumentException("ensemble size must be between 1 and 7, was " + size);
        }
        checkPort(firstPort);
        checkTick(tickMillis);
        Path dir = createBaseDirectory();
        Map<Integer, LocalServer> servers = new LinkedHashMap<>();
        try {
            Map<Integer, LocalServer.Peer> peers = new LinkedHashMap<>();
            for (int id = 1; id <= size; id++) {
                peers.put(id, new LocalServer.Peer(id, freePort(), freePort()));
            }
            for (int id = 1; id <= size; id++) {
                int clientPort = firstPort == 0 ? freePort() : firstPort + id - 1;
                servers.put(
                        id,
                        new LocalServer(
                                id, network.bind(), clientPort, dir.resolve("server-" + id), tickMillis, peers));
            }
            for (LocalServer server : servers.values()) {
                server.start();
            }
            // Every member leading or following: a quorum with a leader serves requests.
            for (LocalServer server : servers.values()) {
                awaitServing(server);
            }
            EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dir, network, servers);
            LOG.debug("Embedded ensemble on {}", zk.connectString());
            return zk;
        } catch (Exception e) {
            servers.values().forEach(EmbeddedZooKeeper::stopQuietly);
            deleteRecursively(dir);
            throw new ZooKeeperStartException("cannot start a " + size + "-server ensemble: " + e.getMessage(), e);
        }
    }

    /** Waits until the server serves clients, or fails with why it ended. */
    private static void awaitServing(LocalServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (!server.ready()) {
            Throwable failure = server.failure();
            if (failure != null || !server.running()) {
                String why = failure == null ? "the server stopped" : String.valueOf(failure.getMessage());
                throw new ZooKeeperStartException(why, failure);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ZooKeeperStartException(
                        "port " + server.clientPort() + " not serving within " + START_MILLIS + " ms", null);
            }
            Thread.sleep(20);
        }
    }

    private static void stopQuietly(LocalServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("stopping a server that failed to start: {}", e.toString());
        }
    }

    /**
     * The client connect string, e.g. {@code 127.0.0.1:2181} or three comma-separated servers,
     * naming the advertised host ({@link ZkNetwork#advertise()}).
     */
    @Override
    public String connectString() {
        return serversById.values().stream()
                .map(s -> network.advertise() + ":" + s.clientPort())
                .collect(Collectors.joining(","));
    }

    /** Where the servers listen and what the connect string names. */
    public ZkNetwork network() {
        return network;
    }

    /** Server ids, 1..N. */
    @Override
    public List<Integer> serverIds() {
        return new ArrayList<>(serversById.keySet());
    }

    /** The client port of server {@code id}. */
    public int port(int id) {
        return serverFor(id).clientPort();
    }

    /** True unless the server was killed and not restarted. */
    @Override
    public synchronized boolean isAlive(int id) {
        serverFor(id);
        return alive.get(id);
    }

    /**
     * Stops server {@code id} abruptly (its clients see a disconnection and fail over).
     *
     * @throws IllegalArgumentException if there is no such server
     * @throws IllegalStateException if it is already dead
     */
    @Override
    public synchronized void kill(int id) {
        LocalServer server = serverFor(id);
        if (!alive.get(id)) {
            throw new IllegalStateException("server " + id + " is already dead");
        }
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZooKeeperStartException("interrupted while killing server " + id, e);
        } catch (RuntimeException e) {
            throw new ZooKeeperStartException("cannot kill server " + id + ": " + e.getMessage(), e);
        }
        alive.put(id, false);
        LOG.info("ZooKeeper server {} killed", id);
    }

    /**
     * Restarts server {@code id} with its data, on the same port.
     *
     * @throws IllegalStateException if it is alive
     */
    @Override
    public synchronized void restart(int id) {
        LocalServer server = serverFor(id);
        if (alive.get(id)) {
            throw new IllegalStateException("server " + id + " is alive; kill it first");
        }
        try {
            server.start();
            awaitServing(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZooKeeperStartException("interrupted while restarting server " + id, e);
        } catch (Exception e) {
            throw new ZooKeeperStartException("cannot restart server " + id + ": " + e.getMessage(), e);
        }
        alive.put(id, true);
        LOG.info("ZooKeeper server {} restarted", id);
    }

    /**
     * The id of the server that is currently the ensemble's leader (for a standalone server, that
     * server while it is alive), asked with the {@code srvr} command.
     */
    @Override
    public Optional<Integer> leaderId() {
        for (Map.Entry<Integer, LocalServer> e : serversById.entrySet()) {
            if (!isAlive(e.getKey())) {
                continue;
            }
            String mode = modeAtPort(e.getValue().clientPort());
            if (mode.equals("leader") || mode.equals("standalone")) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Server {@code id}'s mode ({@code leader}, {@code follower}, {@code standalone}), or an empty
     * string if it does not answer.
     */
    public String mode(int id) {
        return modeAtPort(serverFor(id).clientPort());
    }

    private String modeAtPort(int port) {
        for (String line : fourLetterWord(network.localContact(), port, "srvr").split("\n")) {
            if (line.startsWith("Mode: ")) {
                return line.substring("Mode: ".length()).trim();
            }
        }
        return "";
    }

    /** Sends a four-letter command to the server at {@code host:port}; its answer, or "" if none. */
    private static String fourLetterWord(String host, int port, String command) {
        StringBuilder answer = new StringBuilder();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                answer.append(line).append('\n');
            }
        } catch (IOException e) {
            LOG.debug("{} on port {} failed: {}", command, port, e.toString());
        }
        return answer.toString();
    }

    /** The temporary directory holding the servers' data (removed on close). */
    public Path dataDirectory() {
        return baseDirectory;
    }

    /** Stops every server and removes the data directory. Idempotent. */
    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or has run.
        }
    }

    private void closeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            for (LocalServer server : serversById.values()) {
                server.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping ZooKeeper: {}", e.toString());
        } finally {
            deleteRecursively(baseDirectory);
        }
    }

    private LocalServer serverFor(int id) {
        LocalServer server = serversById.get(id);
        if (server == null) {
            throw new IllegalArgumentException(
                    "no ZooKeeper server with id " + id + "; ids are " + serversById.keySet());
        }
        return server;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    private static void checkTick(int tickMillis) {
        if (tickMillis < 10 || tickMillis > 10_000) {
            throw new IllegalArgumentException("tick time must be between 10 and 10000 ms, was " + tickMillis);
        }
    }

    /** Temporary data directories are named {@code barrierlab-zk-<pid of the owner>-<random>}. */
    private static final Pattern BASE_NAME = Pattern.compile("barrierlab-zk-(\\d+)-.+");

    private static Path createBaseDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeStaleDirectories(tmp);
        try {
            return Files.createTempDirectory(
                    tmp, "barrierlab-zk-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for ZooKeeper", e);
        }
    }

    /**
     * Removes the data directories in {@code tmp} whose owner process is gone (a launcher killed
     * with {@code kill -9} cannot clean up after itself). A directory whose owner still runs,
     * or whose name carries no owner, is left alone.
     *
     * @return how many directories were removed
     */
    static int removeStaleDirectories(Path tmp) {
        int removed = 0;
        try (var entries = Files.newDirectoryStream(tmp, "barrierlab-zk-*")) {
            for (Path dir : entries) {
                Matcher m = BASE_NAME.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir)) {
                    continue;
                }
                long owner;
                try {
                    owner = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(owner).isEmpty()) {
                    deleteRecursively(dir);
                    removed++;
                    LOG.debug("Removed {} of a launcher that is gone (pid {})", dir, owner);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot look for stale ZooKeeper directories in {}: {}", tmp, e.toString());
        }
        return removed;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedZooKeeper[" + connectString() + "]";
    }
}
