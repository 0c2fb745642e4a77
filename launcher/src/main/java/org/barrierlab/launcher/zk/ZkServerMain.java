package org.barrierlab.launcher.zk;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;

/**
 * One real ZooKeeper server of an ensemble on a lab cluster ({@code cluster.RemoteEnsemble}), started on a node through the remote
 * shell. It never outlives its launcher: it exits, removing its data directory, as soon as its
 * stdin closes, which happens when the launcher closes the pipe, or dies (the remote shell then
 * loses its input and the node's sshd closes ours). Protocol on stdout: {@code ready pid=N} once
 * the server runs, or {@code error=<one line>} and exit code 3 if it cannot start (e.g. a port
 * is taken).
 *
 * <pre>{@code
 * java -cp <launcher class path> org.barrierlab.launcher.zk.ZkServerMain ID DATA-DIR TICK-MS \
 *     n1:10000:10001:10002,n2:10000:10001:10002,n3:10000:10001:10002
 * }</pre>
 */
public final class ZkServerMain {

    /** Exit code when the server cannot start. */
    public static final int EXIT_CANNOT_START = 3;

    private ZkServerMain() {}

    public static void main(String[] args) throws IOException, QuorumPeerConfig.ConfigException {
        if (args.length != 4) {
            System.out.println("error=usage: ZkServerMain ID DATA-DIR TICK-MS HOST:CLIENT:QUORUM:ELECTION,...");
            System.exit(2);
        }
        int id = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        String[] servers = args[3].split(",");
        String[] mine = servers[id - 1].split(":");
        String host = mine[0];
        for (int i = 1; i <= 3; i++) {
            int port = Integer.parseInt(mine[i]);
            if (servers.length == 1 && i > 1) {
                break;
            }
            if (!isFree(port)) {
                System.out.println("error=port " + port + " is taken on " + host
                        + " (another group's server or a leftover: 'barrierlab cleanup --hosts " + host
                        + "', or choose --port)");
                System.out.flush();
                System.exit(EXIT_CANNOT_START);
            }
        }
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), Integer.toString(id), StandardCharsets.US_ASCII);

        Properties props = new Properties();
        props.setProperty("tickTime", args[2]);
        props.setProperty("initLimit", "10");
        props.setProperty("syncLimit", "5");
        props.setProperty("dataDir", dataDir.toAbsolutePath().toString());
        props.setProperty("admin.enableServer", "false");
        props.setProperty("4lw.commands.whitelist", "srvr,ruok,stat,mntr");
        props.setProperty("maxClientCnxns", "0");
        if (servers.length == 1) {
            props.setProperty("clientPort", mine[1]);
        } else {
            for (int i = 0; i < servers.length; i++) {
                String[] s = servers[i].split(":");
                props.setProperty("server." + (i + 1), s[0] + ":" + s[2] + ":" + s[3] + ";0.0.0.0:" + s[1]);
            }
        }
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(props);

        Thread server = new Thread(
                () -> {
                    try {
                        if (servers.length == 1) {
                            ServerConfig sc = new ServerConfig();
                            sc.readFrom(config);
                            new ZooKeeperServerMain().runFromConfig(sc);
                        } else {
                            new QuorumPeerMain().runFromConfig(config);
                        }
                    } catch (Exception e) {
                        System.out.println("error=server " + id + " on " + host + " stopped: " + e);
                        System.out.flush();
                        stop(dataDir, EXIT_CANNOT_START);
                    }
                },
                "zk-server-" + id);
        server.setDaemon(true);
        server.start();
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        System.out.flush();
        waitForEndOfInput(System.in);
        stop(dataDir, 0);
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buf = new byte[64];
        try {
            while (in.read(buf) >= 0) {
                // the launcher never writes; the pipe closing is the signal
            }
        } catch (IOException e) {
            // a broken pipe means the same: the launcher is gone
        }
    }

    private static void stop(Path dataDir, int code) {
        deleteRecursively(dataDir);
        Path parent = dataDir.getParent();
        try {
            if (parent != null) {
                Files.deleteIfExists(parent); // only when the last server of the run is gone
            }
        } catch (IOException e) {
            // another server of the run still uses it
        }
        // halt: the server's own threads must not keep the process (and its port) alive.
        Runtime.getRuntime().halt(code);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var paths = Files.walk(dir)) {
            paths.forEach(all::add);
        } catch (IOException e) {
            return;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                // best effort: a file the server is still writing
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
