package org.barrierlab.launcher.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.zk.Ensemble;
import org.barrierlab.launcher.zk.UserPorts;
import org.barrierlab.launcher.zk.ZkServerMain;
import org.barrierlab.launcher.zk.ZooKeeperStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper ensemble with one server per node of a lab cluster, each a {@link
 * ZkServerMain} started through the remote shell from the shared class path. Ports are this
 * user's ({@link UserPorts}) unless given, data lives in {@code /tmp/barrierlab-zk-<user>-<tag>}
 * on each node and is removed when the server stops. No server outlives the launcher: closing
 * (or the launcher dying) closes each server's stdin, and the server exits at once.
 *
 * <pre>{@code
 * try (RemoteEnsemble zk = RemoteEnsemble.start(List.of("n1", "n2", "n3"), 0, 500,
 *         RemoteShell.parse("ssh -o BatchMode=yes {host}"), System.err::println)) {
 *     System.out.println(zk.connectString());   // n1:10000,n2:10000,n3:10000
 *     zk.kill(zk.leaderId().orElseThrow());
 * }
 * }</pre>
 */
public final class RemoteEnsemble implements Ensemble {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteEnsemble.class);

    /** Time for every server to say it runs, and then for the ensemble to elect a leader. */
    static final long START_TIMEOUT_MS = 45_000;

    private final RemoteShell shell;
    private final String tick;
    private final String serverList;
    private final String runDir;
    private final Map<Integer, Server> servers = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    /** One server: where it is, and its current process (the local end of the remote shell). */
    private static final class Server {
        final int id;
        final String host;
        final int clientPort;
        volatile Process process;
        volatile String pid;
        volatile String error;
        final AtomicBoolean alive = new AtomicBoolean();

        Server(int id, String host, int clientPort) {
            this.id = id;
            this.host = host;
            this.clientPort = clientPort;
        }
    }

    private RemoteEnsemble(List<String> hosts, int firstPort, int tickMillis, RemoteShell shell) {
        this.shell = shell;
        this.tick = Integer.toString(tickMillis);
        this.runDir = "/tmp/barrierlab-zk-" + UserPorts.user() + "-"
                + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        int base = firstPort == 0 ? UserPorts.base() : firstPort;
        Map<String, Integer> onHost = new LinkedHashMap<>();
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            int k = onHost.merge(host, 1, Integer::sum) - 1;
            int client = base + 3 * k;
            servers.put(i + 1, new Server(i + 1, host, client));
            specs.add(host + ":" + client + ":" + (client + 1) + ":" + (client + 2));
        }
        this.serverList = String.join(",", specs);
        this.shutdownHook = new Thread(this::stopAll, "remote-ensemble-shutdown");
    }

    /**
     * Starts one server per entry of {@code hosts} and waits until the ensemble has a leader.
     *
     * @param firstPort the client port (quorum and election the next two), 0 for this user's
     * @param progress one line per step, for stderr
     * @throws ZooKeeperStartException naming the server and host that could not start, e.g. a
     *     port taken
     * @throws InterruptedException if interrupted while waiting
     */
    public static RemoteEnsemble start(
            List<String> hosts, int firstPort, int tickMillis, RemoteShell shell, Consumer<String> progress)
            throws InterruptedException {
        if (hosts.isEmpty() || hosts.size() > 7) {
            throw new IllegalArgumentException("an ensemble on hosts needs 1 to 7 hosts, was " + hosts.size());
        }
        RemoteEnsemble e = new RemoteEnsemble(hosts, firstPort, tickMillis, shell);
        Runtime.getRuntime().addShutdownHook(e.shutdownHook);
        try {
            for (Server s : e.servers.values()) {
                s.alive.set(true);
                e.spawn(s);
            }
            e.awaitStarted();
            progress.accept("  ZooKeeper servers running: "
                    + e.servers.values().stream()
                            .map(s -> s.id + "@" + s.host + ":" + s.clientPort + " (pid " + s.pid + ")")
                            .collect(Collectors.joining(", "))
                    + "; data in " + e.runDir + " on each node");
            e.awaitLeader();
            return e;
        } catch (RuntimeException | InterruptedException ex) {
            e.close();
            throw ex;
        }
    }

    private void spawn(Server s) {
        List<String> java = LauncherJvm.command(
                "128m",
                ZkServerMain.class,
                List.of(Integer.toString(s.id), runDir + "/server-" + s.id, tick, serverList));
        Process p;
        try {
            p = new ProcessBuilder(shell.command(s.host, java))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new ZooKeeperStartException(
                    "cannot start ZooKeeper server " + s.id + " on " + s.host + ": " + e.getMessage(), e);
        }
        s.process = p;
        s.pid = null;
        s.error = null;
        Thread pump = new Thread(() -> pump(s, p), "zk-server-" + s.id + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(Server s, Process p) {
        String last = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ready pid=")) {
                    s.pid = line.substring("ready pid=".length()).trim();
                } else if (line.startsWith("error=")) {
                    s.error = line.substring("error=".length());
                } else if (!line.isBlank()) {
                    last = line;
                    LOG.debug("server {}@{}: {}", s.id, s.host, line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Output of server {} ended: {}", s.id, e.getMessage());
        }
        if (s.error == null && s.pid == null) {
            s.error = last.isEmpty() ? "the remote shell ended without starting it" : last;
        }
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        for (Server s : servers.values()) {
            while (s.pid == null) {
                if (s.error != null) {
                    throw new ZooKeeperStartException(
                            "ZooKeeper server " + s.id + " on " + s.host + " did not start: " + s.error, null);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new ZooKeeperStartException(
                            "ZooKeeper server " + s.id + " on " + s.host + " did not start within "
                                    + START_TIMEOUT_MS / 1000 + " s",
                            null);
                }
                Thread.sleep(50);
            }
        }
    }

    private void awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (leaderId().isEmpty()) {
            for (Server s : servers.values()) {
                if (s.error != null) {
                    throw new ZooKeeperStartException(
                            "ZooKeeper server " + s.id + " on " + s.host + ": " + s.error, null);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ZooKeeperStartException(
                        "the ensemble on " + hostsText() + " elected no leader within " + START_TIMEOUT_MS / 1000
                                + " s (the servers cannot reach each other's quorum ports?)",
                        null);
            }
            Thread.sleep(200);
        }
    }

    private String hostsText() {
        return servers.values().stream().map(s -> s.host).distinct().collect(Collectors.joining(","));
    }

    @Override
    public String connectString() {
        return servers.values().stream().map(s -> s.host + ":" + s.clientPort).collect(Collectors.joining(","));
    }

    @Override
    public List<Integer> serverIds() {
        return new ArrayList<>(servers.keySet());
    }

    /** The per-run data directory on the nodes (removed as the servers stop). */
    public String dataDirectory() {
        return runDir;
    }

    /** The host of server {@code id}. */
    public String host(int id) {
        return server(id).host;
    }

    @Override
    public boolean isAlive(int id) {
        return server(id).alive.get();
    }

    @Override
    public void kill(int id) {
        Server s = server(id);
        if (!s.alive.compareAndSet(true, false)) {
            throw new IllegalStateException("server " + id + " is already dead");
        }
        Process p = s.process;
        String pid = s.pid;
        if (pid != null) {
            runQuietly(shell.command(s.host, List.of("kill", "-9", pid)));
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("ZooKeeper server {} on {} killed", id, s.host);
    }

    @Override
    public void restart(int id) {
        Server s = server(id);
        if (!s.alive.compareAndSet(false, true)) {
            throw new IllegalStateException("server " + id + " is alive; kill it first");
        }
        spawn(s);
        LOG.info("ZooKeeper server {} on {} restarted", id, s.host);
    }

    @Override
    public Optional<Integer> leaderId() {
        for (Server s : servers.values()) {
            if (!s.alive.get()) {
                continue;
            }
            String mode = mode(s.host, s.clientPort);
            if (mode.equals("leader") || mode.equals("standalone")) {
                return Optional.of(s.id);
            }
        }
        return Optional.empty();
    }

    private static String mode(String host, int port) {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(host, port), 1000);
            sock.setSoTimeout(1000);
            OutputStream out = sock.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).trim();
                }
            }
        } catch (IOException e) {
            LOG.debug("srvr at {}:{} failed: {}", host, port, e.toString());
        }
        return "";
    }

    /** Closes every server's stdin (they remove their data and exit), then waits for them. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs stopAll
        }
    }

    private void stopAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Process> all = new ArrayList<>();
        for (Server s : servers.values()) {
            Process p = s.process;
            s.alive.set(false);
            if (p != null) {
                all.add(p);
                try {
                    p.getOutputStream().close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        // A server killed on purpose (--kill-server) could not remove its own data.
        for (String host : servers.values().stream().map(s -> s.host).distinct().toList()) {
            runQuietly(shell.command(host, List.of("rm", "-rf", runDir)));
        }
    }

    private Server server(int id) {
        Server s = servers.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no ZooKeeper server with id " + id + "; ids are " + servers.keySet());
        }
        return s;
    }

    private static void runQuietly(List<String> command) {
        try {
            Process k = new ProcessBuilder(command).redirectErrorStream(true).start();
            k.getOutputStream().close();
            if (!k.waitFor(10, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("Cannot run {}: {}", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RemoteEnsemble[" + connectString() + "]";
    }
}
