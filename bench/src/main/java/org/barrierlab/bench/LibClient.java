package org.barrierlab.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.barrier.curator.CuratorBarriers;

/**
 * How each participant of {@link BarrierLabContender} reaches ZooKeeper: the one difference
 * between the {@code barrierlab} row and the {@code barrierlab-curator} row, which otherwise run
 * the same handles the same way. Either way the session underneath is a {@link
 * CountingZooKeeper}, so the wire cross-check covers both.
 */
enum LibClient {
    /** A raw counting session per participant, handles from {@code ZkBarrier.builder(zk, path)}. */
    RAW("barrierlab") {
        @Override
        Session open(String connectString) throws IOException, InterruptedException, BenchException {
            CountingZooKeeper zk = Contender.connect(connectString);
            return new Session(
                    path -> ZkBarrier.builder(zk, path),
                    path -> ZkDoubleBarrier.builder(zk, path),
                    () -> zk,
                    () -> Contender.closeQuietly(zk));
        }
    },

    /**
     * A Curator client per participant, built like the Curator contenders' clients, handles from
     * {@link CuratorBarriers} (barrier-curator): what a Curator user compares with Curator's own
     * barriers. It should cost what {@link #RAW} costs: the session comes from Curator, the
     * requests are the same.
     */
    CURATOR("barrierlab-curator") {
        @Override
        Session open(String connectString) throws InterruptedException, BenchException {
            AtomicReference<CountingZooKeeper> zk = new AtomicReference<>();
            CuratorFramework client = CuratorClients.open(connectString, zk);
            return new Session(
                    path -> CuratorBarriers.barrier(client, path),
                    path -> CuratorBarriers.doubleBarrier(client, path),
                    zk::get, // the latest: Curator makes a new one after an expiry
                    client::close);
        }
    };

    private final String impl;

    LibClient(String impl) {
        this.impl = impl;
    }

    /** The row's name in the benchmark's results. */
    String impl() {
        return impl;
    }

    /** Opens one participant's session (connected, bounded). */
    abstract Session open(String connectString) throws IOException, InterruptedException, BenchException;

    /**
     * One participant's way to our barriers.
     *
     * @param barrier a simple barrier's builder at a path
     * @param doubleBarrier a double barrier's builder at a path
     * @param zooKeeper the counting session underneath
     * @param close closes the session; never throws
     */
    record Session(
            Function<String, ZkBarrier.Builder> barrier,
            Function<String, ZkDoubleBarrier.Builder> doubleBarrier,
            Supplier<CountingZooKeeper> zooKeeper,
            Runnable close) {}
}
