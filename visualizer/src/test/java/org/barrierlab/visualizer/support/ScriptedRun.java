package org.barrierlab.visualizer.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.TraceJson;
import org.barrierlab.runmodel.record.ZkTraceRecorder;

/**
 * Writes a scripted run into a REAL ZooKeeper through barrier-lib's {@link ZkTraceRecorder}:
 * the run root, presence nodes and trace events of a cyclic barrier, nested double barriers
 * with restricted inner barriers, a kill that breaks a generation, and classic-algorithm
 * traffic. Used by tests and to make the sample recording for the docs.
 */
public final class ScriptedRun {

    /** Called between events, e.g. to pace a demo; the argument is the event just written. */
    public interface Pacer {
        void after(TraceEvent e) throws InterruptedException;
    }

    private final ZooKeeper zk;
    private final RunLayout run;
    private final ZkTraceRecorder recorder;
    private final Pacer pacer;
    private final List<TraceEvent> written = new ArrayList<>();

    public ScriptedRun(ZooKeeper zk, RunLayout run, Pacer pacer) {
        this.zk = zk;
        this.run = run;
        this.recorder = new ZkTraceRecorder(zk, run);
        this.pacer = pacer;
    }

    public List<TraceEvent> written() {
        return written;
    }

    public void createNamespace(String scenario, int participants) throws KeeperException, InterruptedException {
        mkdirs(RunLayout.RUNS_ROOT);
        TraceEvent start = TraceEvent.of("launcher", EventType.RUN_START, "", -1)
                .with("scenario", scenario)
                .with("participants", String.valueOf(participants));
        create(run.root(), TraceJson.encode(start), CreateMode.PERSISTENT);
        create(run.events(), "", CreateMode.PERSISTENT);
        create(run.participants(), "", CreateMode.PERSISTENT);
        create(run.barriers(), "", CreateMode.PERSISTENT);
        emit(start);
    }

    public void spawn(String p) throws KeeperException, InterruptedException {
        TraceEvent e = TraceEvent.of(p, EventType.SPAWN, "", -1)
                .with("host", "lab-pc")
                .with("pid", String.valueOf(4000 + p.hashCode() % 1000));
        create(run.participant(p), TraceJson.encode(e), CreateMode.EPHEMERAL);
        emit(e);
    }

    public void kill(String p) throws KeeperException, InterruptedException {
        try {
            zk.delete(run.participant(p), -1);
        } catch (KeeperException.NoNodeException e) {
            // already gone
        }
        // As the launcher writes it: the event is about the killed participant.
        emit(TraceEvent.of(p, EventType.KILL, "", -1).with("signal", "KILL"));
    }

    public TraceEvent emit(String p, EventType t, String scope, long gen, String... kv)
            throws KeeperException, InterruptedException {
        TraceEvent e = TraceEvent.of(p, t, scope, gen);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        return emit(e);
    }

    public TraceEvent emit(TraceEvent e) throws KeeperException, InterruptedException {
        TraceEvent stored = recorder.record(e);
        written.add(stored);
        if (pacer != null) {
            pacer.after(stored);
        }
        return stored;
    }

    /** One full round of a cyclic barrier: everybody arrives, then everybody passes. */
    public void round(String scope, long gen, List<String> ps) throws KeeperException, InterruptedException {
        for (String p : ps) {
            emit(p, EventType.ARRIVE, scope, gen, "parties", String.valueOf(ps.size()));
        }
        int i = 0;
        for (String p : ps) {
            emit(p, EventType.PASS, scope, gen, "index", String.valueOf(i++), "wakeups", String.valueOf(1 + (i % 2)));
        }
    }

    /** The whole demo story with {@code n} participants (n >= 6). */
    public void story(int n) throws KeeperException, InterruptedException {
        List<String> ps = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ps.add("p" + i);
        }
        createNamespace("classroom-tour", n);
        for (String p : ps) {
            spawn(p);
        }
        emit("launcher", EventType.NOTE, "", -1, "text", "Everybody meets at barrier 'all', round after round.");
        for (int g = 0; g < 3; g++) {
            round("/barriers/all", g, ps);
        }
        emit(
                "launcher",
                EventType.NOTE,
                "",
                -1,
                "text",
                "A double barrier 'outer' with two restricted inner barriers.");
        for (String p : ps) {
            emit(p, EventType.ENTER, "/barriers/outer", 0, "parties", String.valueOf(n));
        }
        for (String p : ps) {
            emit(p, EventType.ENTERED, "/barriers/outer", 0);
        }
        List<String> pair = ps.subList(0, 2);
        List<String> rest = ps.subList(2, ps.size() - 1);
        for (String p : pair) {
            emit(
                    p,
                    EventType.ENTER,
                    "/barriers/outer/inner/pair",
                    0,
                    "parties",
                    "2",
                    "members",
                    String.join(",", pair));
        }
        for (String p : rest) {
            emit(
                    p,
                    EventType.ENTER,
                    "/barriers/outer/inner/rest",
                    0,
                    "parties",
                    String.valueOf(rest.size()),
                    "members",
                    String.join(",", rest));
        }
        for (String p : pair) {
            emit(p, EventType.ENTERED, "/barriers/outer/inner/pair", 0);
        }
        for (String p : pair) {
            emit(p, EventType.LEAVE, "/barriers/outer/inner/pair", 0);
        }
        for (String p : pair) {
            emit(p, EventType.LEFT, "/barriers/outer/inner/pair", 0);
        }
        emit(
                "launcher",
                EventType.NOTE,
                "",
                -1,
                "text",
                "Classic algorithms: messages with Lamport clocks, an election, a mutex.");
        classic(ps.subList(0, 4));
        emit(
                "launcher",
                EventType.NOTE,
                "",
                -1,
                "text",
                "Now " + ps.get(n - 1) + " is killed while the others wait at 'all'.");
        for (String p : ps.subList(0, n - 1)) {
            emit(p, EventType.ARRIVE, "/barriers/all", 3, "parties", String.valueOf(n));
        }
        kill(ps.get(n - 1));
        emit(ps.get(0), EventType.BREAK, "/barriers/all", 3, "reason", "participant died");
        for (String p : ps.subList(1, n - 1)) {
            emit(p, EventType.BROKEN, "/barriers/all", 3, "reason", "participant died", "by", ps.get(n - 1));
        }
    }

    private void classic(List<String> ps) throws KeeperException, InterruptedException {
        long[] clock = new long[ps.size()];
        int msg = 0;
        for (int k = 0; k < 6; k++) {
            int from = k % ps.size();
            int to = (k * 3 + 1) % ps.size();
            if (to == from) {
                to = (to + 1) % ps.size();
            }
            clock[from]++;
            String id = "m" + (++msg);
            emit(
                    ps.get(from),
                    EventType.SEND,
                    "clock",
                    -1,
                    "to",
                    ps.get(to),
                    "msg",
                    id,
                    "kind",
                    "ping",
                    "clock",
                    String.valueOf(clock[from]));
            clock[to] = Math.max(clock[to], clock[from]) + 1;
            emit(
                    ps.get(to),
                    EventType.RECEIVE,
                    "clock",
                    -1,
                    "from",
                    ps.get(from),
                    "msg",
                    id,
                    "kind",
                    "ping",
                    "clock",
                    String.valueOf(clock[to]));
        }
        clock[0]++;
        emit(ps.get(0), EventType.ELECTION, "election", -1, "clock", String.valueOf(clock[0]));
        String leader = ps.get(ps.size() - 1);
        for (String p : ps) {
            emit(p, EventType.LEADER, "election", -1, "leader", leader, "clock", String.valueOf(clock[0] + 1));
        }
        emit(ps.get(1), EventType.REQUEST, "mutex", -1, "request", "r1", "coordinator", leader);
        emit(ps.get(2), EventType.REQUEST, "mutex", -1, "request", "r2", "coordinator", leader);
        emit(ps.get(1), EventType.ACQUIRE, "mutex", -1, "request", "r1");
        emit(ps.get(0), EventType.REQUEST, "mutex", -1, "request", "r3", "coordinator", leader);
    }

    private void mkdirs(String path) throws KeeperException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            sb.append('/').append(part);
            create(sb.toString(), "", CreateMode.PERSISTENT);
        }
    }

    private void create(String path, String data, CreateMode mode) throws KeeperException, InterruptedException {
        try {
            zk.create(path, data.getBytes(java.nio.charset.StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, mode);
        } catch (KeeperException.NodeExistsException e) {
            // idempotent
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
