package org.barrierlab.runmodel.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run's trace back from ZooKeeper in ZooKeeper's own order (creation zxid). Used by
 * the launcher's verdict and by the visualizer's live source.
 *
 * <p>Incremental: {@link #readNew()} returns only the events stored since the previous call.
 * Not thread-safe: one reader per consumer thread.
 */
public final class ZkTraceReader {

    private static final Logger LOG = LoggerFactory.getLogger(ZkTraceReader.class);

    private final ZooKeeper zk;
    private final RunLayout run;
    private long lastSequence = -1;

    public ZkTraceReader(ZooKeeper zk, RunLayout run) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
    }

    /**
     * Events stored since the last call (all of them on the first call), ordered by zxid. An
     * event node whose data is not a valid event is logged and skipped. All or nothing: a call
     * that fails (a connection loss halfway) returns nothing and moves nothing, so the next
     * call returns those events again, none lost.
     *
     * @throws KeeperException.NoNodeException if the run has no event log
     * @throws KeeperException on other ZooKeeper errors
     * @throws InterruptedException if interrupted
     */
    public List<TraceEvent> readNew() throws KeeperException, InterruptedException {
        List<String> children = zk.getChildren(run.events(), false);
        List<long[]> fresh = new ArrayList<>();
        for (String child : children) {
            long seq = sequenceOf(child);
            if (seq > lastSequence) {
                fresh.add(new long[] {seq});
            }
        }
        fresh.sort(Comparator.comparingLong(a -> a[0]));
        List<TraceEvent> out = new ArrayList<>(fresh.size());
        long last = lastSequence;
        for (long[] f : fresh) {
            String path = run.events() + "/e-" + String.format("%010d", f[0]);
            Stat stat = new Stat();
            byte[] data;
            try {
                data = zk.getData(path, false, stat);
            } catch (KeeperException.NoNodeException e) {
                continue; // removed by a cleanup of the run; nothing to show
            }
            last = Math.max(last, f[0]);
            try {
                out.add(TraceJson.decode(new String(data, StandardCharsets.UTF_8))
                        .withZxid(stat.getCzxid()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping malformed trace event {}: {}", path, e.getMessage());
            }
        }
        out.sort(Comparator.comparingLong(TraceEvent::zxid));
        lastSequence = last; // only now: a failure above leaves the cursor where it was
        return out;
    }

    /** All events of the run, ordered by zxid (a fresh read, independent of {@link #readNew}). */
    public static List<TraceEvent> readAll(ZooKeeper zk, RunLayout run) throws KeeperException, InterruptedException {
        return new ZkTraceReader(zk, run).readNew();
    }

    static long sequenceOf(String child) {
        int dash = child.lastIndexOf('-');
        try {
            return Long.parseLong(child.substring(dash + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }
}
