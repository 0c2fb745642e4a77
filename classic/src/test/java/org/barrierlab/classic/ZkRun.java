package org.barrierlab.classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.election.BullyElection;
import org.barrierlab.messaging.ZkTestSupport;
import org.barrierlab.mutex.CentralizedMutex;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;

/**
 * A classic scenario run on a real ZooKeeper: every participant on its own thread with its own
 * session; the test plays the launcher (spawn, kill = abrupt session close, exit events).
 */
final class ZkRun implements AutoCloseable {

    static final ClassicTuning FAST = new ClassicTuning(
            new BullyElection.Timing(
                    Duration.ofMillis(400), Duration.ofMillis(1000), Duration.ofMillis(200), Duration.ofMillis(400)),
            new CentralizedMutex.Timing(Duration.ofMillis(500), 3),
            Duration.ofMillis(600),
            Duration.ofSeconds(5),
            150,
            60);

    interface Scenario {
        void run(ClassicContext ctx, long deadlineNanos, ClassicTuning tuning) throws Exception;
    }

    private final String connect;
    private final ZooKeeper admin;
    final RunLayout run;
    final List<String> ids;
    private final Scenario scenario;
    private final int rounds;
    private final long deadline;
    private final ZkTraceRecorder launcher;
    private final Map<String, ZooKeeper> sessions = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    final Map<String, Throwable> failures = new ConcurrentHashMap<>();

    ZkRun(String connect, String runId, int n, int rounds, Scenario scenario, Duration limit) throws Exception {
        this.connect = connect;
        this.admin = ZkTestSupport.connect(connect);
        this.run = ZkTestSupport.newRun(admin, runId);
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add("p" + i);
        }
        this.ids = List.copyOf(l);
        this.rounds = rounds;
        this.scenario = scenario;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.launcher = new ZkTraceRecorder(admin, run);
    }

    void startAll() throws Exception {
        for (String id : ids) {
            start(id);
        }
    }

    void start(String id) throws Exception {
        ZooKeeper zk = ZkTestSupport.connect(connect);
        sessions.put(id, zk);
        lifecycle(EventType.SPAWN, id, Map.of());
        ClassicContext ctx = new ClassicContext(zk, run, id, ids, new ZkTraceRecorder(zk, run), 1.0, 42, rounds);
        Thread t = new Thread(
                () -> {
                    try {
                        scenario.run(ctx, deadline, FAST);
                        lifecycle(EventType.EXIT, id, Map.of("code", "0"));
                    } catch (Throwable e) {
                        if (sessions.get(id) == zk) {
                            failures.put(id, e);
                        }
                    } finally {
                        if (sessions.remove(id, zk)) {
                            closeQuietly(zk);
                        }
                    }
                },
                "participant-" + id);
        threads.put(id, t);
        t.start();
    }

    /** SIGKILL-like: the session is closed abruptly (its ephemeral nodes vanish) and the thread stopped. */
    void kill(String id) throws Exception {
        ZooKeeper zk = sessions.remove(id);
        lifecycle(EventType.KILL, id, Map.of("signal", "KILL"));
        if (zk != null) {
            closeQuietly(zk);
        }
        Thread t = threads.get(id);
        if (t != null) {
            t.interrupt();
            t.join(10_000);
        }
    }

    /**
     * SIGKILL as the server sees it: the client stops dead without closing its session, so the
     * session (and its ephemeral nodes) lives on until it times out (4 s here).
     */
    void crash(String id) throws Exception {
        ZooKeeper zk = sessions.remove(id);
        lifecycle(EventType.KILL, id, Map.of("signal", "KILL"));
        if (zk != null) {
            zk.getTestable().injectSessionExpiration();
        }
        Thread t = threads.get(id);
        if (t != null) {
            t.interrupt();
            t.join(10_000);
        }
    }

    /** Waits until every started participant thread ended; returns the history. */
    List<TraceEvent> awaitEnd() throws Exception {
        for (Thread t : threads.values()) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5000);
            t.join(left);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not end before the deadline");
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.values().iterator().next();
            throw new AssertionError("participants failed: " + failures, first);
        }
        return history();
    }

    List<TraceEvent> history() throws Exception {
        return ZkTraceReader.readAll(admin, run);
    }

    /** True if every participant's latest leader event names {@code leader} for each of the given ids. */
    boolean follow(List<String> who, String leader) throws Exception {
        Map<String, String> last = new ConcurrentHashMap<>();
        for (TraceEvent e : history()) {
            if (e.is(EventType.LEADER)) {
                last.put(e.participant(), e.attr("leader"));
            }
        }
        for (String p : who) {
            if (!leader.equals(last.get(p))) {
                return false;
            }
        }
        return true;
    }

    private void lifecycle(EventType type, String id, Map<String, String> attrs) throws Exception {
        TraceEvent e = TraceEvent.of("launcher", type, "", -1).with("participant", id);
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            e = e.with(a.getKey(), a.getValue());
        }
        launcher.record(e);
    }

    private static void closeQuietly(ZooKeeper zk) {
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        for (String id : new ArrayList<>(sessions.keySet())) {
            ZooKeeper zk = sessions.remove(id);
            if (zk != null) {
                closeQuietly(zk);
            }
        }
        for (Thread t : threads.values()) {
            t.interrupt();
            t.join(5000);
        }
        admin.close();
    }
}
