package org.barrierlab.grade;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.grade.impl.Implementations;
import org.barrierlab.grade.participant.GradeParticipantMain;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.launcher.jvm.ParticipantClassPath;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check of one implementation: the run's namespace (the launcher's layout, so the
 * recording replays in the visualizer), one participant JVM per participant, the kill of the
 * kill checks when the survivors are waiting, a hard deadline, then the verdict ({@link
 * CheckJudge}) and, for a failure, the recording and a space-time excerpt.
 */
final class CheckRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

    /**
     * Hard bound of one check, counted from the start line (every participant ready), not from
     * the spawn: every barrier call of the scripts is bounded well below it.
     */
    static final long DEADLINE_MS = 30_000;

    /** Per participant beyond 7: the sweep's controlled steps at N = 16 take longer than 30 s. */
    static final long PER_PARTICIPANT_MS = 4_000;

    /**
     * Bound on start-up, from the first spawn until every participant JVM is at the start line
     * (JVM start, class loading, two ZooKeeper sessions). Generous: at load 28 on 2 cores one JVM
     * took more than 30 s. Exceeding it is a {@link Outcome#SETUP} failure, not a verdict.
     */
    static final long STARTUP_MS = 90_000;

    /** Start-up allowance per participant JVM beyond 8 (the sweep's 16 JVMs start on 2 cores). */
    static final long STARTUP_PER_PARTICIPANT_MS = 6_000;

    private final ZooKeeper zk;
    private final String connect;
    private final String impl;
    private final Path outDir;
    private final Timing timing;

    /**
     * How a check is timed. {@code checkMillis} and {@code startupMillis} are the bounds for 7
     * participants or fewer; {@code spawnDelays} holds each participant's delay before its JVM is
     * spawned (empty in use: tests make a participant slow to start with it).
     */
    record Timing(long checkMillis, long startupMillis, Map<String, Long> spawnDelays) {
        static final Timing DEFAULT = new Timing(DEADLINE_MS, STARTUP_MS, Map.of());

        Timing {
            spawnDelays = Map.copyOf(spawnDelays);
        }

        /** The check's hard bound from the start line: {@code checkMillis}, longer above 7 JVMs. */
        long checkMillis(int n) {
            return Math.max(checkMillis, PER_PARTICIPANT_MS * n);
        }

        /** The bound from the first spawn to the start line: {@code startupMillis}, longer above 8 JVMs. */
        long startupMillis(int n) {
            return startupMillis + STARTUP_PER_PARTICIPANT_MS * Math.max(0, n - 8);
        }
    }

    CheckRunner(ZooKeeper zk, String connect, String impl, Path outDir) {
        this(zk, connect, impl, outDir, Timing.DEFAULT);
    }

    CheckRunner(ZooKeeper zk, String connect, String impl, Path outDir, Timing timing) {
        this.zk = zk;
        this.connect = connect;
        this.impl = impl;
        this.outDir = outDir;
        this.timing = timing;
    }

    /** Runs {@code check} with its own number of participants. */
    CheckResult run(Check check, int rounds, long seed) throws KeeperException, InterruptedException, IOException {
        return run(check, check.participants(), rounds, seed);
    }

    /** Runs {@code check} with {@code n} participants p1..pN (the sweep's N). */
    CheckResult run(Check check, int n, int rounds, long seed)
            throws KeeperException, InterruptedException, IOException {
        String name = check == Check.SWEEP ? check.wireName() + "-n" + n : check.wireName();
        RunLayout layout = RunLayout.of(String.format(
                "g-%s-%s-%d-%04x",
                slug(impl), name, seed, ThreadLocalRandom.current().nextInt(0x10000)));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("p" + i);
        }
        String victim = ids.get(ids.size() - 1);
        ZkTraceRecorder recorder = createNamespace(layout, check, ids, rounds, seed);
        Map<String, Process> processes = new LinkedHashMap<>();
        long checkMillis = timing.checkMillis(n);
        long startupMillis = timing.startupMillis(n);
        // Until every participant is at the start line only the start-up bound runs; the check's
        // deadline starts there, so a JVM slow to start is never mistaken for a hanging barrier.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startupMillis);
        boolean atStartLine = false;
        Set<String> ready = new HashSet<>();
        Set<String> stillRunning = new LinkedHashSet<>();
        try {
            for (String id : ids) {
                long delay = timing.spawnDelays().getOrDefault(id, 0L);
                if (delay > 0) {
                    TimeUnit.MILLISECONDS.sleep(delay); // a test's slow start-up, inside the start-up bound
                }
                processes.put(id, spawn(layout, check, id, ids, rounds, seed, checkMillis, startupMillis));
                recorder.record(TraceEvent.of(id, EventType.SPAWN, "", -1)
                        .with("host", "local")
                        .with("pid", Long.toString(processes.get(id).pid())));
            }
            ZkTraceReader reader = new ZkTraceReader(zk, layout);
            Set<String> exited = new HashSet<>();
            Set<String> leaving = new HashSet<>();
            boolean killAnnounced = false;
            boolean killed = false;
            boolean exitedBeforeStartLine = false;
            while (exited.size() < ids.size() && System.nanoTime() < deadline && !exitedBeforeStartLine) {
                for (TraceEvent e : reader.readNew()) {
                    if (e.is(EventType.NOTE) && "true".equals(e.attr("ready"))) {
                        ready.add(e.participant());
                    }
                    if (e.is(EventType.NOTE) && "kill".equals(e.attr("fault"))) {
                        killAnnounced = true;
                    }
                    boolean waiting = check == Check.KILL ? e.is(EventType.ARRIVE) : e.is(EventType.LEAVE);
                    if (waiting && !e.participant().equals(victim)) {
                        leaving.add(e.participant());
                    }
                }
                if (!atStartLine && ready.containsAll(ids)) {
                    // everybody is at the start line: from now on the check's own deadline
                    atStartLine = true;
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(checkMillis);
                }
                if (!killed && killAnnounced && leaving.size() == ids.size() - 1) {
                    // the survivors are all inside their call; now the victim dies (SIGKILL)
                    processes.get(victim).destroyForcibly();
                    recorder.record(
                            TraceEvent.of(victim, EventType.KILL, "", -1).with("signal", "KILL"));
                    killed = true;
                }
                for (Map.Entry<String, Process> p : processes.entrySet()) {
                    if (!exited.contains(p.getKey()) && !p.getValue().isAlive()) {
                        exited.add(p.getKey());
                        recorder.record(TraceEvent.of(p.getKey(), EventType.EXIT, "", -1)
                                .with("code", Integer.toString(p.getValue().exitValue())));
                        // nobody can cross without it: judge now (a failed load) rather than wait
                        exitedBeforeStartLine |= !atStartLine && !ready.contains(p.getKey());
                    }
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the processes and the trace, bounded by the deadline
            }
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (p.getValue().isAlive()) {
                    stillRunning.add(p.getKey());
                }
            }
        } finally {
            for (Process p : processes.values()) {
                p.destroyForcibly();
            }
            for (Process p : processes.values()) {
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        List<TraceEvent> history = ZkTraceReader.readAll(zk, layout);
        // Before the start line only the implementation's own failure (it would not load) is a
        // verdict; a JVM that was merely slow, or died without a word, is a setup failure.
        boolean implFailed = history.stream().anyMatch(e -> e.is(EventType.NOTE) && e.attr("error") != null);
        CheckJudge.Judgement j = atStartLine || implFailed
                ? CheckJudge.judge(check, history, stillRunning)
                : notStarted(ids, ready, startupMillis);
        recorder.record(TraceEvent.of("launcher", EventType.RUN_END, "", -1)
                .with("verdict", j.outcome().name())
                .with("reason", j.detail()));
        Costs costs = Costs.of(history);
        if (j.outcome() == Outcome.PASS || j.outcome() == Outcome.UNSUPPORTED) {
            for (String id : ids) {
                Files.deleteIfExists(logOf(layout, id)); // participant logs are kept for failures only
            }
            return new CheckResult(check, n, j.outcome(), j.detail(), costs, seed, null, "");
        }
        Path recording = outDir.resolve(slug(impl) + "-" + name + "-seed" + seed + ".jsonl");
        writeRecording(layout, recording);
        String excerpt = SpaceTime.excerpt(history, ids, j.focusZxid());
        return new CheckResult(check, n, j.outcome(), j.detail(), costs, seed, recording, excerpt);
    }

    /** A setup failure: who never reached the start line within the start-up bound. */
    private static CheckJudge.Judgement notStarted(List<String> ids, Set<String> ready, long startupMillis) {
        List<String> late = new ArrayList<>(ids);
        late.removeAll(ready);
        String who = late.size() == 1 ? late.get(0) + "'s JVM" : "the JVMs of " + String.join(", ", late);
        return new CheckJudge.Judgement(
                Outcome.SETUP,
                who + " did not reach the start line within " + startupMillis / 1000
                        + " s (start-up, not a verdict on the implementation)",
                0);
    }

    private ZkTraceRecorder createNamespace(RunLayout layout, Check check, List<String> ids, int rounds, long seed)
            throws KeeperException, InterruptedException {
        ensure("/barrierlab");
        ensure(RunLayout.RUNS_ROOT);
        TraceEvent start = TraceEvent.of("launcher", EventType.RUN_START, "", -1)
                .with("scenario", "grade " + check.wireName())
                .with("participants", String.join(",", ids))
                .with("rounds", Integer.toString(rounds))
                .with("speed", "1.0")
                .with("barrier", impl)
                .with("seed", Long.toString(seed));
        zk.create(layout.root(), bytes(TraceJson.encode(start)), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String p : List.of(layout.events(), layout.participants(), layout.barriers())) {
            zk.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        zk.create(layout.launcher(), bytes("grade"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ZkTraceRecorder recorder = new ZkTraceRecorder(zk, layout);
        recorder.record(start);
        recorder.record(TraceEvent.of("launcher", EventType.NOTE, "", -1)
                .with(
                        "text",
                        "grade " + impl + ": " + check.wireName() + " (phase " + check.phase() + "): "
                                + check.schedule()));
        return recorder;
    }

    private void ensure(String path) throws KeeperException, InterruptedException {
        try {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // shared by all runs
        }
    }

    private Process spawn(
            RunLayout layout,
            Check check,
            String id,
            List<String> ids,
            int rounds,
            long seed,
            long checkMillis,
            long startupMillis)
            throws IOException {
        Path jar = Implementations.isJar(impl) ? Path.of(impl) : null;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=barrierlab-participant-logback.xml",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                ParticipantClassPath.of(
                        System.getProperty("java.class.path"),
                        ParticipantClassPath.Curator.KEPT,
                        jar == null ? List.of() : List.of(jar)),
                GradeParticipantMain.class.getName()));
        command.addAll(GradeParticipantMain.arguments(
                connect, layout.runId(), id, check, impl, ids, rounds, seed, checkMillis, startupMillis));
        Path log = logOf(layout, id);
        Files.createDirectories(log.getParent());
        // stdin stays a pipe held by us: the participant exits when it closes
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private Path logOf(RunLayout layout, String id) {
        return outDir.resolve("logs").resolve(layout.runId() + "-" + id + ".log");
    }

    private void writeRecording(RunLayout layout, Path file) throws IOException, KeeperException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TraceEvent e : ZkTraceReader.readAll(zk, layout)) {
                w.write(TraceJson.encode(e));
                w.write('\n');
            }
        }
        LOG.debug("Recording of run {} written to {}", layout.runId(), file);
    }

    /** A name for run ids and file names: built-in names as they are, a jar by its file name. */
    static String slug(String impl) {
        String base = Path.of(impl).getFileName().toString().replaceFirst("(?i)\\.jar$", "");
        String s = base.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.length() > 24 ? s.substring(0, 24) : s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
