package org.barrierlab.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.barrierlab.election.BullyElection;
import org.barrierlab.mutex.CentralizedMutex;
import org.barrierlab.runmodel.event.EventType;

/**
 * Participants of the classic algorithms on an {@link InMemoryNetwork}, with kill and restart,
 * recording one shared history (the test plays the launcher: spawn and kill events).
 */
public final class InMemoryCluster implements AutoCloseable {

    /** Short timings for tests. */
    public static final BullyElection.Timing FAST = new BullyElection.Timing(
            Duration.ofMillis(150), Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofMillis(150));

    public static final CentralizedMutex.Timing FAST_MUTEX = new CentralizedMutex.Timing(Duration.ofMillis(200), 3);

    /** One live participant. */
    public static final class Proc {
        public final Endpoint ep;
        public final BullyElection election;
        public final CentralizedMutex mutex;

        Proc(Endpoint ep, BullyElection election, CentralizedMutex mutex) {
            this.ep = ep;
            this.election = election;
            this.mutex = mutex;
        }

        void close() {
            if (mutex != null) {
                mutex.close();
            }
            election.close();
            ep.close();
        }
    }

    public final InMemoryNetwork net;
    public final ListSink sink = new ListSink();
    public final List<String> ids;
    private final boolean withMutex;
    private final BullyElection.Timing timing;
    private final Map<String, Proc> procs = new TreeMap<>(Participants.ORDER);

    public InMemoryCluster(InMemoryNetwork net, int n, boolean withMutex, BullyElection.Timing timing) {
        this.net = net;
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add("p" + i);
        }
        this.ids = List.copyOf(l);
        this.withMutex = withMutex;
        this.timing = timing;
    }

    public synchronized Proc start(String id) {
        sink.launcher(EventType.SPAWN, id);
        Endpoint ep = new Endpoint(net.transport(id), ids, sink);
        BullyElection e = new BullyElection(ep, timing);
        CentralizedMutex m = withMutex ? new CentralizedMutex(ep, e, net.membership(), FAST_MUTEX) : null;
        ep.start();
        e.start();
        if (m != null) {
            m.start();
        }
        Proc p = new Proc(ep, e, m);
        procs.put(id, p);
        return p;
    }

    public void startAll() {
        for (String id : ids) {
            start(id);
        }
    }

    public synchronized void kill(String id) {
        sink.launcher(EventType.KILL, id);
        net.kill(id);
        Proc p = procs.remove(id);
        if (p != null) {
            p.close();
        }
    }

    public synchronized Proc proc(String id) {
        return procs.get(id);
    }

    public synchronized Map<String, Proc> live() {
        return new TreeMap<>(procs);
    }

    /** True if every live participant follows {@code leader}. */
    public boolean allFollow(String leader) {
        for (Proc p : live().values()) {
            Optional<String> l = p.election.leader();
            if (l.isEmpty() || !l.get().equals(leader) || p.election.isElecting()) {
                return false;
            }
        }
        return true;
    }

    /** The history so far, one event per line (for failure messages). */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (org.barrierlab.runmodel.event.TraceEvent e : sink.events()) {
            sb.append(org.barrierlab.runmodel.record.TraceJson.encode(e)).append('\n');
        }
        return sb.toString();
    }

    public String beliefs() {
        StringBuilder sb = new StringBuilder();
        live().forEach((id, p) -> sb.append(id)
                .append("->")
                .append(p.election.leader().orElse("?"))
                .append(' '));
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        for (String id : new ArrayList<>(procs.keySet())) {
            sink.launcher(EventType.EXIT, id);
            procs.remove(id).close();
        }
        net.close();
    }
}
