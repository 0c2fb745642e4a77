package org.barrierlab.launcher.zk;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;

/**
 * Where embedded ZooKeeper servers listen ({@code bind}) and which host their connect string
 * names ({@code advertise}). A server that listens on all interfaces but prints {@code
 * 127.0.0.1} is useless to a node of a lab cluster, and one that listens on loopback cannot be
 * reached from it at all; this value keeps the two choices together and explains them.
 *
 * <pre>{@code
 * ZkNetwork net = ZkNetwork.forHosts(List.of("n1", "n2"));  // all interfaces, advertised as the address that reaches n1
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0, 500, net)) { ... }
 * }</pre>
 */
public final class ZkNetwork {

    /** The default: listen on loopback, advertise loopback; nobody else on the network can connect. */
    public static final ZkNetwork LOOPBACK = new ZkNetwork("127.0.0.1", "127.0.0.1", "loopback only");

    private static final String ALL = "0.0.0.0";

    private final String bind;
    private final String advertise;
    private final String why;

    private ZkNetwork(String bind, String advertise, String why) {
        this.bind = bind;
        this.advertise = advertise;
        this.why = why;
    }

    /**
     * From {@code --bind} and {@code --advertise}, either of which may be null: no bind means
     * loopback (or all interfaces when an advertise address is given); no advertise means the
     * bind address, or for all interfaces this machine's name if it resolves to a non-loopback
     * address, else its first non-loopback address.
     *
     * @throws IllegalArgumentException if the bind address is not an address of this machine or
     *     the advertise host has a bad form
     */
    public static ZkNetwork of(String bind, String advertise) {
        if (bind == null && advertise == null) {
            return LOOPBACK;
        }
        String b = bind == null ? ALL : bind.trim();
        if (b.equals("*") || b.equals("all")) {
            b = ALL;
        }
        requireLocalAddress(b);
        if (advertise != null) {
            String a = advertise.trim();
            if (!a.matches("[A-Za-z0-9._:-]+")) {
                throw new IllegalArgumentException(
                        "--advertise must be a host name or an address, was '" + advertise + "'");
            }
            return new ZkNetwork(b, a, "as given");
        }
        if (!b.equals(ALL)) {
            return new ZkNetwork(b, b, "the bind address");
        }
        return new ZkNetwork(b, defaultAdvertise(), "this machine's network address");
    }

    /**
     * For a run whose participants are on {@code firstHost} (and its peers): all interfaces,
     * advertised as the local address this machine uses to reach {@code firstHost}.
     *
     * @throws IllegalArgumentException if the host cannot be resolved here
     */
    public static ZkNetwork forHost(String firstHost) {
        Objects.requireNonNull(firstHost, "firstHost");
        InetAddress route = routeTo(firstHost);
        return new ZkNetwork(ALL, route.getHostAddress(), "the address this machine uses to reach " + firstHost);
    }

    /** The local address that packets to {@code host} leave from (no packet is sent). */
    public static InetAddress routeTo(String host) {
        InetAddress target;
        try {
            target = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "' (not resolvable on this machine)");
        }
        if (target.isLoopbackAddress()) {
            return InetAddress.getLoopbackAddress();
        }
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(target, 9));
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new IllegalArgumentException("no route from this machine to " + host + " (" + target + ")");
            }
            return local;
        } catch (SocketException e) {
            throw new IllegalArgumentException("no route from this machine to " + host + ": " + e.getMessage());
        }
    }

    private static void requireLocalAddress(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind '" + address + "' is not an address of this machine");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--bind '" + address + "' is not an address of this machine (" + e.getMessage() + ")");
        }
    }

    private static String defaultAdvertise() {
        try {
            InetAddress me = InetAddress.getLocalHost();
            if (!me.isLoopbackAddress()) {
                return me.getHostName();
            }
        } catch (UnknownHostException e) {
            // fall through to the interfaces
        }
        return firstNonLoopback().orElse("127.0.0.1");
    }

    private static Optional<String> firstNonLoopback() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.getAddress().length == 4) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to list
        }
        return Optional.empty();
    }

    /** The listening address: {@code 127.0.0.1}, {@code 0.0.0.0} (all interfaces) or one address. */
    public String bind() {
        return bind;
    }

    /** The host named in the connect string. */
    public String advertise() {
        return advertise;
    }

    /** True if the servers listen on every interface. */
    public boolean bindsAll() {
        return bind.equals(ALL);
    }

    /** The address this machine uses to talk to its own servers (for four-letter-word checks). */
    String localContact() {
        return bindsAll() ? "127.0.0.1" : bind;
    }

    /** One line for stderr: where the servers listen and why the connect string says what it says. */
    public String describe() {
        if (this == LOOPBACK) {
            return "listening on loopback only (127.0.0.1); use --bind 0.0.0.0 to let other machines connect";
        }
        return "listening on " + (bindsAll() ? "all interfaces (0.0.0.0)" : bind) + ", advertised as " + advertise
                + " (" + why + ")";
    }

    @Override
    public String toString() {
        return "ZkNetwork[bind=" + bind + ", advertise=" + advertise + "]";
    }
}
