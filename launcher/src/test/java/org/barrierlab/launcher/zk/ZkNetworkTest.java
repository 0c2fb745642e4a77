package org.barrierlab.launcher.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Where embedded servers listen and what their connect string says. 127.0.0.2 stands for "an
 * address other than 127.0.0.1" without leaving the machine: a socket bound to 127.0.0.1 refuses
 * it, one bound to all interfaces accepts it.
 */
class ZkNetworkTest {

    @Test
    void byDefaultAServerListensOnLoopbackOnlyAndSaysSo() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0)) {
            assertTrue(zk.connectString().startsWith("127.0.0.1:"), zk.connectString());
            assertThrows(ConnectException.class, () -> connectRaw("127.0.0.2", zk.port(1)));
        }
    }

    @Test
    void anEnsembleBoundToAllInterfacesIsReachableAtTheAdvertisedHost() throws Exception {
        ZkNetwork net = ZkNetwork.of("0.0.0.0", "127.0.0.2");
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.ensemble(3, 0, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS, net)) {
            for (String server : zk.connectString().split(",")) {
                assertTrue(server.startsWith("127.0.0.2:"), zk.connectString());
            }
            ZooKeeper client = connect(zk.connectString());
            try {
                client.create("/via-advertised", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertTrue(client.exists("/via-advertised", false) != null);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aStandaloneServerBoundToAllInterfacesAcceptsOtherAddresses() throws Exception {
        try (EmbeddedZooKeeper zk =
                EmbeddedZooKeeper.standalone(0, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS, ZkNetwork.of("0.0.0.0", null))) {
            connectRaw("127.0.0.2", zk.port(1));
            assertEquals("standalone", zk.mode(1));
        }
    }

    @Test
    void badAddressesAreOneLine() {
        IllegalArgumentException bind =
                assertThrows(IllegalArgumentException.class, () -> ZkNetwork.of("192.0.2.254", null));
        assertTrue(
                bind.getMessage().startsWith("--bind '192.0.2.254' is not an address of this machine"),
                bind.getMessage());
        IllegalArgumentException advertise =
                assertThrows(IllegalArgumentException.class, () -> ZkNetwork.of(null, "a b"));
        assertEquals("--advertise must be a host name or an address, was 'a b'", advertise.getMessage());
        IllegalArgumentException host =
                assertThrows(IllegalArgumentException.class, () -> ZkNetwork.forHost("no-such-host.invalid"));
        assertEquals("unknown host 'no-such-host.invalid' (not resolvable on this machine)", host.getMessage());
    }

    private static void connectRaw(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
        }
    }

    private static ZooKeeper connect(String connect) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 4000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        assertTrue(up.await(20, TimeUnit.SECONDS), "no session with " + connect + " within 20 s");
        return zk;
    }
}
