package org.barrierlab.grade.participant;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.grade.impl.Implementations;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.barrierlab.spi.BarrierProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Entry point of a graded participant JVM: loads the implementation ({@code impl=lib} or the
 * group's jar, which is then on this JVM's class path), opens the implementation's observed
 * session and a trace session, plays its part of one check ({@link Scripts}) and exits. It never
 * outlives the grader: it exits when its stdin closes (the grader holds the other end).
 *
 * <p>Exit codes: 0 played to the end (whatever the barrier answered: the trace says it); 1 the
 * implementation threw something else, or setup failed (the trace holds a {@code note} with
 * {@code error}); 4 the grader is gone.
 *
 * <pre>{@code
 * java -cp <class path> org.barrierlab.grade.participant.GradeParticipantMain zk=127.0.0.1:2181 \
 *     run=g-lib-reuse-1 id=p1 check=reuse impl=lib participants=p1,p2,p3 rounds=5 seed=7 deadline-ms=30000 \
 *     startup-ms=90000
 * }</pre>
 */
public final class GradeParticipantMain {

    private static final Logger LOG = LoggerFactory.getLogger(GradeParticipantMain.class);

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_ORPHANED = 4;

    private static final int SESSION_TIMEOUT_MS = 4000;

    private GradeParticipantMain() {}

    /** The arguments for a participant JVM. */
    public static List<String> arguments(
            String connect,
            String runId,
            String id,
            Check check,
            String impl,
            List<String> participants,
            int rounds,
            long seed,
            long checkMillis,
            long startupMillis) {
        return List.of(
                "zk=" + connect,
                "run=" + runId,
                "id=" + id,
                "check=" + check.wireName(),
                "impl=" + impl,
                "participants=" + String.join(",", participants),
                "rounds=" + rounds,
                "seed=" + seed,
                "deadline-ms=" + checkMillis,
                "startup-ms=" + startupMillis);
    }

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                System.err.println("grade participant: bad argument '" + arg + "' (expected key=value)");
                Runtime.getRuntime().halt(EXIT_FAILED);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        MDC.put("participant", a.getOrDefault("id", "?"));
        Thread stdin = new Thread(() -> exitWhenClosed(System.in), "participant-stdin");
        stdin.setDaemon(true);
        stdin.start();
        int code;
        try {
            code = run(a);
        } catch (RuntimeException e) {
            LOG.error("Participant failed: {}", e.toString(), e);
            code = EXIT_FAILED;
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: ZooKeeper's and the implementation's threads must not delay the exit code.
        Runtime.getRuntime().halt(code);
    }

    private static int run(Map<String, String> a) {
        String id = a.get("id");
        String connect = a.get("zk");
        RunLayout layout = RunLayout.of(a.get("run"));
        Check check = Check.byWireName(a.get("check"))
                .orElseThrow(() -> new IllegalArgumentException("unknown check " + a.get("check")));
        List<String> participants = Arrays.asList(a.get("participants").split(","));
        // start-up (sessions, loading, the start line) has its own bound; the check's deadline
        // counts from the start line (Crossings.awaitAllReady)
        long startupMillis = Long.parseLong(a.get("startup-ms"));
        long startupNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startupMillis);
        long checkMillis = Long.parseLong(a.get("deadline-ms"));
        ZooKeeper traceZk = null;
        ObservedZooKeeper zk = null;
        try {
            CountDownLatch traceUp = new CountDownLatch(1);
            CountDownLatch implUp = new CountDownLatch(1);
            traceZk = new ZooKeeper(connect, SESSION_TIMEOUT_MS, connectedLatch(traceUp));
            zk = ObservedZooKeeper.open(connect, SESSION_TIMEOUT_MS, connectedLatch(implUp));
            if (!traceUp.await(startupMillis, TimeUnit.MILLISECONDS)
                    || !implUp.await(Math.max(0, startupNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.error("No ZooKeeper session within {} ms at {}", startupMillis, connect);
                return EXIT_FAILED;
            }
            ZkTraceRecorder trace = new ZkTraceRecorder(traceZk, layout);
            BarrierProvider provider;
            try {
                provider = Implementations.loadFromClassPath(a.get("impl"));
            } catch (RuntimeException e) {
                trace.record(error(id, "cannot load the implementation: " + e.getMessage()));
                return EXIT_FAILED;
            }
            Crossings x = new Crossings(
                    provider,
                    zk,
                    traceZk,
                    connect,
                    layout,
                    id,
                    participants,
                    Integer.parseInt(a.get("rounds")),
                    Long.parseLong(a.get("seed")),
                    startupNanos,
                    checkMillis);
            try {
                Scripts.play(check, x);
                return EXIT_OK;
            } catch (Crossings.StartLineMissed e) {
                // not an "error" note: the grader reports a setup failure, not a verdict
                trace.record(TraceEvent.of(id, EventType.NOTE, "", -1)
                        .with("text", id + ": " + e.getMessage())
                        .with("setup", e.getMessage()));
                return EXIT_FAILED;
            } catch (KeeperException | RuntimeException e) {
                // the implementation failed in a way the barrier API does not describe
                LOG.info("{} failed: {}", id, e.toString(), e);
                trace.record(error(id, e.toString()));
                return EXIT_FAILED;
            }
        } catch (IOException | KeeperException e) {
            LOG.error("ZooKeeper error: {}", e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
    }

    private static TraceEvent error(String id, String text) {
        return TraceEvent.of(id, EventType.NOTE, "", -1)
                .with("text", id + " failed: " + text)
                .with("error", text);
    }

    private static Watcher connectedLatch(CountDownLatch latch) {
        return e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                latch.countDown();
            }
        };
    }

    private static void exitWhenClosed(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the grader never writes; we only wait for the pipe to close
            }
        } catch (IOException e) {
            LOG.debug("stdin failed", e);
        }
        Runtime.getRuntime().halt(EXIT_ORPHANED);
    }
}
