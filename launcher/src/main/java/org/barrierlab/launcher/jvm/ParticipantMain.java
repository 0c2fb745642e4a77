package org.barrierlab.launcher.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.launcher.participant.ParticipantContext;
import org.barrierlab.launcher.participant.RejoinPlan;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.scenario.Scenarios;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.ExitCode;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Entry point of a participant JVM, started by the launcher (locally or through the remote
 * shell) with {@code key=value} arguments built by {@link #arguments}. It connects to the run's
 * ZooKeeper, announces itself ({@code participants/<id>}, ephemeral, data {@code host=... pid=...}),
 * plays its scenario and exits. It never outlives its launcher: it exits when the launcher's
 * ephemeral {@code launcher} node disappears, when its own session expires, or when its stdin
 * closes (the launcher holds the other end of the pipe, over ssh too).
 *
 * <p>The first line on stdin is the run's secret ({@link RunSecret}; empty for an open run):
 * the session authenticates with it and every node the participant creates carries the run's
 * ACL. It never appears on the command line, which every user of the node can see.
 *
 * <p>Exit codes: 0 played to the end; 3 a barrier broke (reported in the trace); 1 failure; 4
 * the launcher is gone; 5 the run's deadline passed.
 *
 * <p>A participant restarted to rejoin the run gets {@code rejoin=<plan>} ({@link RejoinPlan}).
 *
 * <pre>{@code
 * java -cp <class path> org.barrierlab.launcher.jvm.ParticipantMain zk=127.0.0.1:2181 run=r-1 \
 *     id=p1 scenario=simple participants=p1,p2 rounds=3 seed=7 barrier=lib kill-round=0 deadline-ms=60000
 * }</pre>
 */
public final class ParticipantMain {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantMain.class);

    /** Session timeout of participants: a SIGKILLed participant is noticed dead within it. */
    public static final int SESSION_TIMEOUT_MS = 4000;

    public static final int EXIT_OK = ExitCode.OK;
    public static final int EXIT_FAILED = ExitCode.FAILED;
    public static final int EXIT_BROKEN = ExitCode.BROKEN;
    public static final int EXIT_ORPHANED = ExitCode.ORPHANED;
    public static final int EXIT_DEADLINE = ExitCode.DEADLINE;

    private ParticipantMain() {}

    /** The arguments for a participant JVM. */
    public static List<String> arguments(
            String connect,
            String runId,
            String id,
            String scenario,
            List<String> participants,
            int rounds,
            long seed,
            String barrier,
            int killRound,
            long deadlineMillis,
            String rejoinPlan) {
        List<String> args = new ArrayList<>(List.of(
                "zk=" + connect,
                "run=" + runId,
                "id=" + id,
                "scenario=" + scenario,
                "participants=" + String.join(",", participants),
                "rounds=" + rounds,
                "seed=" + seed,
                "barrier=" + barrier,
                "kill-round=" + killRound,
                "deadline-ms=" + deadlineMillis));
        if (rejoinPlan != null && !rejoinPlan.isEmpty()) {
            args.add("rejoin=" + rejoinPlan);
        }
        return args;
    }

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                System.err.println("participant: bad argument '" + arg + "' (expected key=value)");
                System.exit(EXIT_FAILED);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String id = a.getOrDefault("id", "?");
        MDC.put("participant", id);
        int code;
        try {
            code = run(a);
        } catch (RuntimeException e) {
            LOG.error("Participant {} failed: {}", id, e.toString(), e);
            code = EXIT_FAILED;
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: ZooKeeper's threads must not delay the exit code.
        Runtime.getRuntime().halt(code);
    }

    private static int run(Map<String, String> a) {
        String id = require(a, "id");
        RunLayout open = RunLayout.of(require(a, "run"));
        Scenario scenario = Scenarios.get(require(a, "scenario"));
        List<String> participants = Arrays.asList(require(a, "participants").split(","));
        int rounds = Integer.parseInt(require(a, "rounds"));
        long seed = Long.parseLong(require(a, "seed"));
        int killRound = Integer.parseInt(a.getOrDefault("kill-round", "0"));
        long deadlineNanos =
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(require(a, "deadline-ms")));

        CountDownLatch orphaned = new CountDownLatch(1);
        Thread watchdog = new Thread(
                () -> {
                    try {
                        orphaned.await();
                        LOG.warn("Launcher is gone; participant {} exits", id);
                        Runtime.getRuntime().halt(EXIT_ORPHANED);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "participant-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        CompletableFuture<String> secretLine = new CompletableFuture<>();
        Thread stdin = new Thread(() -> readStdin(System.in, secretLine, orphaned), "participant-stdin");
        stdin.setDaemon(true);
        stdin.start();
        RunLayout layout;
        try {
            String line = secretLine.get(15, TimeUnit.SECONDS);
            if (line == null) {
                LOG.warn("stdin closed before the run's secret arrived; participant {} exits", id);
                return EXIT_ORPHANED;
            }
            layout = line.isEmpty() ? open : open.securedBy(RunSecret.of(line));
        } catch (TimeoutException | ExecutionException e) {
            LOG.error("No run secret on stdin within 15 s: {}", e.toString());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }

        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(require(a, "zk"), SESSION_TIMEOUT_MS, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                } else if (e.getState() == Watcher.Event.KeeperState.Expired) {
                    orphaned.countDown(); // our presence is gone: the others already count us dead
                }
            });
        } catch (IOException e) {
            LOG.error("Cannot connect to ZooKeeper: {}", e.getMessage());
            return EXIT_FAILED;
        }
        layout.authenticate(zk); // kept by the client: sent again after every reconnection
        try {
            if (!connected.await(15, TimeUnit.SECONDS)) {
                LOG.error("No ZooKeeper session within 15 s at {}", a.get("zk"));
                return EXIT_FAILED;
            }
            Watcher launcherGone = (WatchedEvent e) -> {
                if (e.getType() == Watcher.Event.EventType.NodeDeleted) {
                    orphaned.countDown();
                }
            };
            if (ConnectionLossRetry.call(SESSION_TIMEOUT_MS, () -> zk.exists(layout.launcher(), launcherGone))
                    == null) {
                LOG.error("Run {} has no launcher; exiting", layout.runId());
                return EXIT_ORPHANED;
            }
            String host = InetAddress.getLocalHost().getHostName();
            long pid = ProcessHandle.current().pid();
            announce(zk, layout, id, ("host=" + host + " pid=" + pid).getBytes(StandardCharsets.UTF_8));
            ParticipantContext ctx = new ParticipantContext(
                    zk,
                    layout,
                    id,
                    participants,
                    rounds,
                    seed,
                    a.getOrDefault("barrier", scenario.defaultBarrier()),
                    killRound,
                    deadlineNanos,
                    a.containsKey("rejoin") ? RejoinPlan.parse(a.get("rejoin")) : null);
            try {
                scenario.play(ctx);
                ctx.storyEnded();
                return EXIT_OK;
            } catch (BrokenBarrierException e) {
                LOG.info("{} saw a broken barrier: {}", id, e.getMessage());
                return EXIT_BROKEN;
            } catch (TimeoutException e) {
                LOG.warn("{} gave up at the run's deadline: {}", id, e.getMessage());
                recordQuietly(
                        ctx,
                        TraceEvent.of(id, EventType.NOTE, "", -1).with("text", id + " gave up: " + e.getMessage()));
                return EXIT_DEADLINE;
            }
        } catch (KeeperException e) {
            LOG.error("ZooKeeper error: {}", e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        } catch (IOException e) {
            LOG.error("Cannot determine the host name: {}", e.getMessage());
            return EXIT_FAILED;
        }
    }

    /**
     * Creates this participant's presence node {@code participants/<id>} (ephemeral) together
     * with its persistent presence record, in one transaction: barrier-lib judges a member dead
     * when its record exists and its node is gone, so a participant killed after announcing itself
     * and before any barrier call (a time kill at the step gate) is judged dead too, not taken
     * for a slow starter (see {@code ZkBarrier.Builder#presence}). A restarted participant finds
     * its record, and its old node if the previous session has not expired yet: the old node is
     * replaced (as is our own node, when our transaction was applied just before a connection
     * loss), and the node is created with a record of this incarnation ({@link
     * ZkBarrier#presenceAnnouncement}), so a restarted participant killed again before anybody
     * listed {@code participants/} is judged dead again, not taken for its earlier death.
     */
    static void announce(ZooKeeper zk, RunLayout layout, String id, byte[] presence)
            throws KeeperException, InterruptedException {
        String dir = layout.participants();
        try {
            ConnectionLossRetry.call(
                    SESSION_TIMEOUT_MS,
                    () -> zk.multi(ZkBarrier.presenceAnnouncement(dir, id, presence, layout.acl(), false)));
        } catch (KeeperException.NodeExistsException e) {
            try {
                zk.delete(layout.participant(id), -1);
            } catch (KeeperException.NoNodeException gone) {
                // only the record was there (a restart after the old session expired)
            }
            String record = ZkBarrier.presenceRecord(dir, id);
            boolean restart = ConnectionLossRetry.call(SESSION_TIMEOUT_MS, () -> zk.exists(record, false)) != null;
            ConnectionLossRetry.call(
                    SESSION_TIMEOUT_MS,
                    () -> zk.multi(ZkBarrier.presenceAnnouncement(dir, id, presence, layout.acl(), restart)));
        }
    }

    private static void recordQuietly(ParticipantContext ctx, TraceEvent e) {
        try {
            ctx.record(e);
        } catch (KeeperException ex) {
            LOG.debug("Could not record {}", e, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the secret line (null at end of input), then waits for the pipe to close. */
    private static void readStdin(InputStream in, CompletableFuture<String> secretLine, CountDownLatch orphaned) {
        try {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (line.length() > 256) {
                    secretLine.completeExceptionally(new IllegalArgumentException("the secret line is too long"));
                    break;
                }
                line.append((char) c);
            }
            secretLine.complete(c < 0 ? null : line.toString().trim());
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // the launcher writes nothing more; we only wait for the pipe to close
            }
        } catch (IOException e) {
            LOG.debug("stdin failed", e);
        }
        secretLine.complete(null);
        orphaned.countDown();
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("participant argument " + key + "= is missing");
        }
        return v;
    }
}
