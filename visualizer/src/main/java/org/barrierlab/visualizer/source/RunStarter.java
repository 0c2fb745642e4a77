package org.barrierlab.visualizer.source;

import java.util.List;

/**
 * Starts a scenario run from the visualizer itself (through the launcher's Run API) and returns
 * the live source that follows it. Implemented by the launcher integration.
 *
 * <pre>{@code
 * StartedRun run = starter.start("cyclic", 6, null);   // null: embedded ZooKeeper
 * window.attach(run.source(), run);
 * }</pre>
 */
public interface RunStarter {

    /** Names of the scenarios that can be started. */
    List<String> scenarios();

    /**
     * Starts a run.
     *
     * @param scenario one of {@link #scenarios()}
     * @param participants number of participant JVMs, >= 1
     * @param connectString a ZooKeeper ensemble, or null for an embedded ZooKeeper
     * @throws ControlException if the run cannot be started, with the reason
     */
    StartedRun start(String scenario, int participants, String connectString) throws ControlException;

    /** A started run: its live source, and the resources to close when the view moves on. */
    interface StartedRun extends AutoCloseable {
        EventSource source();

        @Override
        void close();
    }
}
