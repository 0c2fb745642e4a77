package org.barrierlab.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.curator.test.TestingZooKeeperServer;

/**
 * Real in-process ZooKeeper servers for tests: a single server or a 3-server ensemble (curator-test).
 *
 * <pre>{@code
 * try (TestingServer server = ZkTestServers.single()) { ... server.getConnectString() ... }
 * }</pre>
 */
public final class ZkTestServers {

    private ZkTestServers() {}

    /** A started single server on a free port with a temporary data directory. */
    public static TestingServer single() throws Exception {
        return new TestingServer(true);
    }

    /** A started 3-server ensemble. */
    public static TestingCluster ensemble() throws Exception {
        TestingCluster cluster = new TestingCluster(3);
        cluster.start();
        return cluster;
    }

    /**
     * The current leader of the ensemble, asked with the "srvr" four-letter command (whitelisted by
     * default), or null if no server reports itself as leader right now.
     */
    public static InstanceSpec leader(TestingCluster cluster) {
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
                // down or not serving
            }
        }
        return null;
    }
}
