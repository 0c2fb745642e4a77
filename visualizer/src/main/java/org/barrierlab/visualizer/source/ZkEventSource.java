package org.barrierlab.visualizer.source;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live source: follows one run in ZooKeeper. It sets ONE persistent recursive watch on the
 * run root (never on {@code /}); the watcher only signals the reader thread, which calls {@link
 * ZkTraceReader#readNew()} and reads the participants' presence nodes, and hands the result to
 * the sink. A missed or coalesced notification costs nothing: the reader re-reads in a loop and
 * also polls every {@value #POLL_MILLIS} ms.
 *
 * <p>When no run id is given it follows the newest run under {@link RunLayout#RUNS_ROOT}
 * (waiting for one to appear).
 *
 * <p>A run's nodes carry its secret's ACL: the session authenticates with the {@link RunSecret}
 * it is given (a run of this process: its {@link RunLayout}; another machine's: the secret file).
 * Without it, reading the run fails with {@code NoAuth} and the view says so.
 *
 * <pre>{@code
 * try (ZkEventSource live = ZkEventSource.connect("127.0.0.1:2181", "r-1")) {
 *     live.start(batch -> funnel.offer(batch));
 * }
 * }</pre>
 */
public final class ZkEventSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(ZkEventSource.class);

    static final long POLL_MILLIS = 500;
    private static final int SESSION_TIMEOUT_MILLIS = 10_000;
    private static final long CONNECT_TIMEOUT_SECONDS = 20;

    private final String connectString;
    private final ZooKeeper zk;
    private final boolean ownsClient;
    private final Semaphore signal = new Semaphore(0);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RunControl control;
    private final RunSecret secret;
    private volatile RunLayout layout;
    private Thread reader;

    private ZkEventSource(
            String connectString,
            ZooKeeper zk,
            boolean ownsClient,
            RunLayout layout,
            RunSecret secret,
            RunControl control) {
        this.connectString = connectString;
        this.zk = zk;
        this.ownsClient = ownsClient;
        this.secret = secret;
        this.layout = layout;
        this.control = control == null ? new ControlChannel(zk, () -> this.layout) : control;
    }

    /**
     * Connects to the ensemble and follows the run (the newest run when {@code runId} is null).
     *
     * @throws IOException if the client cannot be created
     * @throws InterruptedException if interrupted while connecting
     * @throws java.util.concurrent.TimeoutException if no connection within 20 s
     */
    public static ZkEventSource connect(String connectString, String runId)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        return connect(connectString, runId, null, null);
    }

    /**
     * As {@link #connect(String, String)}, with the given controls (e.g. the launcher's Run API
     * for a run this process owns); null means the run's control channel.
     */
    public static ZkEventSource connect(String connectString, String runId, RunControl control)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        return connect(connectString, runId, null, control);
    }

    /**
     * As {@link #connect(String, String, RunControl)} for a run of this process: its layout
     * carries the secret.
     */
    public static ZkEventSource connect(String connectString, RunLayout run, RunControl control)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        Objects.requireNonNull(run, "run");
        return open(connectString, run, run.secret().orElse(null), control);
    }

    /**
     * As {@link #connect(String, String, RunControl)}, authenticated with the run's secret
     * ({@code secret} null: an open run).
     */
    public static ZkEventSource connect(String connectString, String runId, RunSecret secret, RunControl control)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        RunLayout run = null;
        if (runId != null) {
            run = secret == null ? RunLayout.of(runId) : RunLayout.of(runId).securedBy(secret);
        }
        return open(connectString, run, secret, control);
    }

    private static ZkEventSource open(String connectString, RunLayout run, RunSecret secret, RunControl control)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        Objects.requireNonNull(connectString, "connectString");
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MILLIS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            zk.close();
            throw new java.util.concurrent.TimeoutException(
                    "no connection to ZooKeeper at " + connectString + " within " + CONNECT_TIMEOUT_SECONDS + " s");
        }
        if (secret != null) {
            secret.authenticate(zk);
        }
        return new ZkEventSource(connectString, zk, true, run, secret, control);
    }

    /**
     * Follows a run through an existing, connected client (not closed by this source), with the
     * given controls (e.g. the launcher's Run API); {@code control} null means the run's
     * control channel.
     */
    public static ZkEventSource attach(String connectString, ZooKeeper zk, String runId, RunControl control) {
        return new ZkEventSource(
                connectString, Objects.requireNonNull(zk, "zk"), false, RunLayout.of(runId), null, control);
    }

    /** The client, for the znode inspector (read-only use). */
    public ZooKeeper zooKeeper() {
        return zk;
    }

    /** The run followed, or empty while waiting for the first run to appear. */
    public Optional<RunLayout> layout() {
        return Optional.ofNullable(layout);
    }

    /** The ensemble's connect string. */
    public String connectString() {
        return connectString;
    }

    @Override
    public void start(Sink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("source already started");
        }
        reader = new Thread(() -> readLoop(sink), "viz-zk-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Reads until closed. A connection loss (the server died; the client is reconnecting to
     * another server of the connect string within the session timeout, keeping its session,
     * credentials and the persistent watch) is not an end: the loop polls again and the reader
     * resumes where its last complete read ended, so no event is lost or repeated.
     */
    private void readLoop(Sink sink) {
        try {
            RunLayout run = null;
            ZkTraceReader trace = null;
            boolean watching = false;
            boolean disconnected = false;
            Set<String> lastPresence = null;
            while (!closed.get()) {
                try {
                    if (run == null) {
                        run = awaitRun();
                        if (run == null) {
                            return;
                        }
                        trace = new ZkTraceReader(zk, run);
                    }
                    if (!watching) {
                        // One persistent recursive watch on the run root; the watcher only signals.
                        zk.addWatch(run.root(), e -> signal.release(), AddWatchMode.PERSISTENT_RECURSIVE);
                        watching = true;
                    }
                    List<TraceEvent> fresh;
                    try {
                        fresh = trace.readNew();
                    } catch (KeeperException.NoNodeException e) {
                        fresh = List.of(); // the event log is not there yet
                    }
                    Set<String> presence = presence(run);
                    if (disconnected) {
                        LOG.info("Live view: reconnected to ZooKeeper at {}", connectString);
                        disconnected = false;
                    }
                    if (!fresh.isEmpty() || !Objects.equals(presence, lastPresence)) {
                        sink.accept(new SourceBatch(fresh, Optional.ofNullable(presence), System.nanoTime()));
                        lastPresence = presence;
                    }
                } catch (KeeperException.ConnectionLossException e) {
                    if (!disconnected) {
                        LOG.info("Live view: lost its ZooKeeper server; reconnecting to another of {}", connectString);
                        disconnected = true;
                    }
                }
                signal.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                signal.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KeeperException.NoAuthException e) {
            LOG.error(
                    "Live view stopped: run {} is protected by its secret; attach with --secret-file"
                            + " (the launcher prints the command)",
                    layout == null ? "?" : layout.runId());
        } catch (KeeperException e) {
            if (!closed.get()) {
                LOG.error("Live view stopped: ZooKeeper error reading {}", layout, e);
            }
        }
    }

    private Set<String> presence(RunLayout run) throws KeeperException, InterruptedException {
        try {
            return new HashSet<>(zk.getChildren(run.participants(), false));
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    /** The run to follow: the given one, or the newest under the runs root once one exists. */
    private RunLayout awaitRun() throws KeeperException, InterruptedException {
        // a connection loss while looking propagates to the read loop, which tries again
        while (layout == null && !closed.get()) {
            String newest = null;
            long newestCtime = Long.MIN_VALUE;
            try {
                for (String child : zk.getChildren(RunLayout.RUNS_ROOT, false)) {
                    Stat stat = zk.exists(RunLayout.RUNS_ROOT + "/" + child, false);
                    if (stat != null && stat.getCtime() > newestCtime) {
                        newestCtime = stat.getCtime();
                        newest = child;
                    }
                }
            } catch (KeeperException.NoNodeException e) {
                // no run yet
            }
            if (newest != null) {
                layout = secret == null
                        ? RunLayout.of(newest)
                        : RunLayout.of(newest).securedBy(secret);
                LOG.info("Following the newest run {}", newest);
            } else {
                signal.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        return layout;
    }

    @Override
    public String describe() {
        RunLayout l = layout;
        return "live " + (l == null ? "(waiting for a run)" : l.runId()) + " @ " + connectString;
    }

    @Override
    public RunControl control() {
        return control;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        signal.release();
        if (reader != null) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RunLayout l = layout;
        if (l != null && !ownsClient) {
            try {
                zk.removeAllWatches(l.root(), Watcher.WatcherType.Any, true);
            } catch (KeeperException e) {
                LOG.debug("Could not remove the watch on {}: {}", l.root(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsClient) {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
