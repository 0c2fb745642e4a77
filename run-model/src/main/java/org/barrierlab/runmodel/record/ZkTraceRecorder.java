package org.barrierlab.runmodel.record;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * Appends events to a run's trace in ZooKeeper: one persistent sequential znode per event
 * under {@link RunLayout#events()}, its data the event's {@link TraceJson} form.
 *
 * <p>{@link #record} is synchronous: when it returns, the event is durable and ordered (by its
 * creation zxid) before anything the caller does next. That is what makes the verdict's
 * history check sound: an {@code arrive} recorded before the arrival write is ordered before
 * every {@code pass} that the arrival enables.
 *
 * <p>Thread-safe; it holds no state besides the client.
 */
public final class ZkTraceRecorder {

    private final ZooKeeper zk;
    private final RunLayout run;

    public ZkTraceRecorder(ZooKeeper zk, RunLayout run) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
    }

    /**
     * Stores the event and returns it with its zxid.
     *
     * @throws KeeperException if ZooKeeper refuses the write (e.g. the run's namespace is gone)
     * @throws InterruptedException if interrupted while waiting for the reply
     */
    public TraceEvent record(TraceEvent event) throws KeeperException, InterruptedException {
        Objects.requireNonNull(event, "event");
        byte[] data = TraceJson.encode(event).getBytes(StandardCharsets.UTF_8);
        Stat stat = new Stat();
        zk.create(run.eventPrefix(), data, run.acl(), CreateMode.PERSISTENT_SEQUENTIAL, stat);
        return event.withZxid(stat.getCzxid());
    }

    public RunLayout run() {
        return run;
    }
}
