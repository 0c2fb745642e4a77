package org.barrierlab.launcher.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs on a node (started by {@link ClusterDoctor} through the remote shell, from the shared
 * class path) and prints what the node sees, one {@code key=value} line per fact: its Java
 * version, whether the launcher's class path entries exist at the same paths, whether each
 * ZooKeeper server of a connect string accepts a TCP connection from here (and how long the
 * reverse lookup of its address takes), and whether given ports are free. That it runs at all
 * proves the remote shell and the shared files work. No logging framework: startup must be quick.
 *
 * <pre>{@code
 * java -cp <class path> org.barrierlab.launcher.cluster.NodeProbe <class path> <connect or -> <ports or ->
 * }</pre>
 */
public final class NodeProbe {

    /** Connect and lookup budget per server: a lab network answers in milliseconds. */
    static final int TIMEOUT_MS = 3000;

    private NodeProbe() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.out.println("error=usage: NodeProbe <class path> <connect string or -> <ports or ->");
            System.exit(2);
        }
        System.out.println("java=" + System.getProperty("java.version"));
        for (String entry : args[0].split(File.pathSeparator)) {
            Path p = Path.of(entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry);
            if (!Files.exists(p)) {
                System.out.println("missing=" + entry);
            }
        }
        if (!args[1].equals("-")) {
            for (String server : args[1].replaceFirst("/.*$", "").split(",")) {
                System.out.println("zk=" + server + " " + reach(server));
            }
        }
        if (!args[2].equals("-")) {
            for (String port : args[2].split(",")) {
                System.out.println("port=" + port + " " + (isFree(Integer.parseInt(port)) ? "free" : "taken"));
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static String reach(String server) {
        int colon = server.lastIndexOf(':');
        String host = colon < 0 ? server : server.substring(0, colon);
        int port = colon < 0 ? 2181 : Integer.parseInt(server.substring(colon + 1));
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            return "unresolvable";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
        } catch (IOException e) {
            return "unreachable " + e.getMessage();
        }
        long connectMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        // A fresh InetAddress so the reverse lookup is really done (ZooKeeper's client does one).
        try {
            InetAddress.getByAddress(address.getAddress()).getCanonicalHostName();
        } catch (IOException e) {
            // the time is what matters
        }
        long reverseMs = (System.nanoTime() - t1) / 1_000_000;
        return "ok connect=" + connectMs + "ms reverse=" + reverseMs + "ms";
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
