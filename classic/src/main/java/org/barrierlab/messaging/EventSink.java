package org.barrierlab.messaging;

import org.apache.zookeeper.KeeperException;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Where the classic algorithms record their trace events: {@code ZkTraceRecorder::record} in a
 * run, a list in unit tests. {@link #record} must be synchronous (the event is ordered before
 * anything the caller does next), as {@link org.barrierlab.runmodel.record.ZkTraceRecorder#record} is.
 *
 * <pre>{@code
 * EventSink sink = recorder::record;
 * }</pre>
 */
@FunctionalInterface
public interface EventSink {

    /**
     * Stores one event.
     *
     * @throws KeeperException if ZooKeeper refuses the write
     * @throws InterruptedException if interrupted
     */
    void record(TraceEvent event) throws KeeperException, InterruptedException;
}
