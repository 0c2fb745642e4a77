package org.barrierlab.mutex;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.election.BullyElection;
import org.barrierlab.messaging.Actor;
import org.barrierlab.messaging.Endpoint;
import org.barrierlab.messaging.Membership;
import org.barrierlab.messaging.Message;
import org.barrierlab.messaging.Participants;
import org.barrierlab.runmodel.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Centralized mutual exclusion whose coordinator is the leader of a {@link BullyElection}.
 * Every participant runs both roles: a client that requests and releases, and a coordinator
 * that acts while this participant is the elected leader.
 *
 * <p>Protocol (messages of algorithm {@value #ALGO}): the client sends {@code REQUEST} to the
 * coordinator; the coordinator keeps a FIFO queue and sends {@code GRANT} to the head when the
 * mutex is free; the holder sends {@code RELEASE} when done. A participant may have several
 * outstanding requests ({@link Ticket}s); each is granted separately.
 *
 * <p>Failures. When a participant becomes leader it first rebuilds the coordinator state: it
 * asks every live participant ({@link Membership}) for its outstanding requests ({@code STATE},
 * answered with the requests held and waiting) and queues the waiting ones in Lamport-timestamp
 * order; only then does it grant. Answering a {@code STATE} binds the client to that coordinator:
 * a {@code GRANT} from any other (stale) coordinator is refused with a {@code RELEASE}. A holder
 * that dies releases nothing; its presence node disappears and the coordinator records a {@code
 * release} on its behalf (attr {@code reason=holder-died}) and moves on; a queued request whose
 * requester died is skipped the same way. Clients re-send waiting requests to each new leader.
 *
 * <p>Threading: all state lives on one internal thread; message handlers only hand over to it,
 * and a grant only completes the ticket's future, so a slow critical section (or a blocked
 * caller) never delays the grant/release path of anyone else. Recorded events: {@code request},
 * {@code acquire}, {@code release} (client; attrs {@code request}, {@code coordinator}) and
 * {@code enqueue}, {@code grant} (coordinator; attrs {@code request}, {@code requester}).
 *
 * <p>Timeouts and interrupts: {@link Ticket#awaitGrant} throws {@link TimeoutException} and
 * leaves the request queued (release the ticket to withdraw it); an interrupt is rethrown. A
 * send that fails (connection loss) is logged and recovered by re-sending to the next leader;
 * a process whose session expired is dead to the others: its held request is released for it
 * by the coordinator and its queued requests are skipped.
 *
 * <pre>{@code
 * CentralizedMutex mutex = new CentralizedMutex(endpoint, election, membership, Timing.defaults());
 * endpoint.start(); election.start(); mutex.start();
 * CentralizedMutex.Ticket t = mutex.request();
 * t.awaitGrant(10, TimeUnit.SECONDS);   // TimeoutException if not granted in time
 * try { criticalSection(); } finally { t.release(); }
 * }</pre>
 */
public final class CentralizedMutex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentralizedMutex.class);

    /** Algorithm name: message {@code algo} and trace scope. */
    public static final String ALGO = "mutex";

    /**
     * Timing of the coordinator's rebuild.
     *
     * @param stateTimeout how long a live participant has to answer a {@code STATE} query
     * @param stateRetries how many times a live participant that did not answer is asked again
     */
    public record Timing(Duration stateTimeout, int stateRetries) {
        public Timing {
            Objects.requireNonNull(stateTimeout, "stateTimeout");
            if (stateTimeout.isNegative() || stateTimeout.isZero()) {
                throw new IllegalArgumentException("stateTimeout must be > 0, was " + stateTimeout);
            }
            if (stateRetries < 0) {
                throw new IllegalArgumentException("stateRetries must be >= 0, was " + stateRetries);
            }
        }

        /** One second, three retries. */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), 3);
        }
    }

    /** One outstanding request of this participant. */
    public final class Ticket {
        private final String id;
        private final long timestamp;
        private final CompletableFuture<Ticket> granted = new CompletableFuture<>();
        private String grantor;
        private boolean held;
        private boolean done;

        private Ticket(String id, long timestamp) {
            this.id = id;
            this.timestamp = timestamp;
        }

        /** The request id (attr {@code request} of the trace events). */
        public String id() {
            return id;
        }

        /**
         * Completes (on the mutex thread) when the mutex is granted to this ticket. Dependent
         * actions must not block; run a critical section with {@code thenRunAsync}.
         */
        public CompletableFuture<Ticket> granted() {
            return granted;
        }

        /**
         * Waits until this ticket holds the mutex.
         *
         * @throws TimeoutException if not granted within the timeout (the ticket stays queued)
         * @throws InterruptedException if interrupted
         */
        public void awaitGrant(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException {
            try {
                granted.get(timeout, unit);
            } catch (ExecutionException e) {
                throw new IllegalStateException("ticket " + id + " failed", e.getCause());
            }
        }

        /**
         * Releases the mutex (or withdraws the request if not yet granted); idempotent. Returns
         * once the release is recorded and sent.
         *
         * @throws TimeoutException if the mutex thread does not complete the release in time
         * @throws InterruptedException if interrupted
         */
        public void release() throws InterruptedException, TimeoutException {
            CompletableFuture<Void> doneFuture = new CompletableFuture<>();
            run(() -> {
                try {
                    doRelease(this);
                } finally {
                    doneFuture.complete(null);
                }
            });
            try {
                doneFuture.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("release of " + id + " failed", e.getCause());
            }
        }
    }

    private record Entry(String id, String requester, String inc, long ts) {}

    private final Endpoint ep;
    private final BullyElection election;
    private final Membership membership;
    private final Timing timing;
    private final String self;
    private final Actor actor;
    private final AtomicLong counter = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    // client state (actor thread)
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private String bound;

    // coordinator state (actor thread)
    private boolean coordinating;
    private boolean rebuilding;
    private int epoch;
    private final Deque<Entry> queue = new ArrayDeque<>();
    private final Map<String, Entry> holders = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final List<Entry> early = new ArrayList<>();
    private final Map<String, Integer> awaitingState = new HashMap<>();
    private final List<Entry> rebuiltHeld = new ArrayList<>();
    private final List<Entry> rebuiltWaiting = new ArrayList<>();

    /**
     * Creates the mutex and registers its handlers; call before {@link Endpoint#start()}.
     */
    public CentralizedMutex(Endpoint endpoint, BullyElection election, Membership membership, Timing timing) {
        this.ep = Objects.requireNonNull(endpoint, "endpoint");
        this.election = Objects.requireNonNull(election, "election");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.self = endpoint.self();
        this.actor = new Actor("mutex", self);
        ep.on(ALGO, "REQUEST", m -> run(() -> onRequest(m)));
        ep.on(ALGO, "GRANT", m -> run(() -> onGrant(m)));
        ep.on(ALGO, "RELEASE", m -> run(() -> onRelease(m)));
        ep.on(ALGO, "STATE", m -> run(() -> onState(m)));
    }

    /**
     * Follows the election from now on: becomes coordinator when this participant is leader (at
     * most once).
     *
     * @throws IllegalStateException if already started
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("mutex of " + self + " already started");
        }
        election.addListener(l -> run(() -> onLeader(l)));
        membership.onChange(() -> run(this::checkLiveness));
        election.leader().ifPresent(l -> run(() -> onLeader(l)));
    }

    /**
     * Requests the mutex: records {@code request} and sends {@code REQUEST} to the coordinator.
     *
     * @return the ticket, granted later
     * @throws TimeoutException if the mutex thread does not take the request in time
     * @throws InterruptedException if interrupted
     */
    public Ticket request() throws InterruptedException, TimeoutException {
        CompletableFuture<Ticket> out = new CompletableFuture<>();
        run(() -> {
            String target = target();
            String id = self + "-" + ep.incarnation() + "-r" + counter.incrementAndGet();
            long ts = Long.parseLong(ep.event(
                            EventType.REQUEST, ALGO, Map.of("request", id, "coordinator", target == null ? "" : target))
                    .attr("clock"));
            Ticket t = new Ticket(id, ts);
            tickets.put(id, t);
            out.complete(t);
            if (target != null) {
                sendRequest(t, target);
            }
        });
        try {
            return out.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("request failed", e.getCause());
        }
    }

    /** True while this participant acts as coordinator (after its rebuild started). */
    public boolean isCoordinator() {
        return coordinating;
    }

    /** Stops the mutex thread; idempotent. Tickets not yet granted never will be. */
    @Override
    public void close() {
        closed = true;
        actor.close();
    }

    // ---------------------------------------------------------------- client

    private String target() {
        return bound != null ? bound : election.leader().orElse(null);
    }

    private void sendRequest(Ticket t, String to) throws KeeperException, InterruptedException {
        ep.send(
                to,
                ALGO,
                "REQUEST",
                Map.of("request", t.id, "ts", Long.toString(t.timestamp), "rinc", ep.incarnation()));
    }

    private void onGrant(Message m) throws KeeperException, InterruptedException {
        String id = m.get("request");
        Ticket t = id == null ? null : tickets.get(id);
        if (id == null) {
            LOG.warn("{}: GRANT {} from {} without a request id; ignored", self, m.id(), m.from());
            return;
        }
        if (t == null) {
            // Not ours (any more): a previous incarnation's, or already withdrawn. Give it back.
            ep.send(m.from(), ALGO, "RELEASE", Map.of("request", id, "reason", "unknown"));
            return;
        }
        if (t.held) {
            LOG.info("{}: duplicate GRANT {} from {} ignored", self, id, m.from());
            return;
        }
        if (bound != null && !bound.equals(m.from())) {
            LOG.info("{}: refusing GRANT {} from {}: bound to coordinator {}", self, id, m.from(), bound);
            ep.send(m.from(), ALGO, "RELEASE", Map.of("request", id, "reason", "refused"));
            return;
        }
        bound = m.from();
        t.held = true;
        t.grantor = m.from();
        ep.event(EventType.ACQUIRE, ALGO, Map.of("request", id, "coordinator", m.from()));
        t.granted.complete(t);
    }

    private void doRelease(Ticket t) throws KeeperException, InterruptedException {
        if (t.done) {
            return;
        }
        t.done = true;
        tickets.remove(t.id);
        String to = t.held ? t.grantor : target();
        ep.event(
                EventType.RELEASE,
                ALGO,
                Map.of("request", t.id, "coordinator", to == null ? "" : to, "reason", t.held ? "done" : "withdrawn"));
        Set<String> targets = new HashSet<>();
        if (to != null) {
            targets.add(to);
        }
        if (bound != null) {
            targets.add(bound);
        }
        // The leader may have rebuilt its queue from our STATE answer before we followed it.
        election.leader().ifPresent(targets::add);
        for (String c : targets) {
            ep.send(c, ALGO, "RELEASE", Map.of("request", t.id));
        }
        if (!t.granted.isDone()) {
            t.granted.completeExceptionally(new IllegalStateException("request " + t.id + " withdrawn"));
        }
    }

    private void onState(Message m) throws KeeperException, InterruptedException {
        String l = election.leader().orElse(null);
        boolean bind = l == null || Participants.ORDER.compare(m.from(), l) >= 0;
        if (bind) {
            bound = m.from();
        }
        ep.reply(m, "STATE_REPLY", stateBody(bind));
    }

    private Map<String, String> stateBody(boolean bind) {
        List<String> held = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Ticket t : tickets.values()) {
            if (t.held) {
                held.add(t.id);
            } else {
                waiting.add(t.id + "@" + t.timestamp);
            }
        }
        return Map.of(
                "held", String.join(",", held),
                "waiting", String.join(",", waiting),
                "rinc", ep.incarnation(),
                "bound", Boolean.toString(bind));
    }

    private void onLeader(String l) throws KeeperException, InterruptedException {
        if (l.equals(self)) {
            if (!coordinating) {
                becomeCoordinator();
            }
        } else {
            if (coordinating) {
                resign(l);
            }
            // Follow the new leader: grants of the previous coordinator are refused from now on.
            if (bound != null) {
                bound = l;
            }
            // The new leader may not know our waiting requests yet (or the old one died).
            for (Ticket t : tickets.values()) {
                if (!t.held) {
                    sendRequest(t, l);
                }
            }
        }
    }

    // ---------------------------------------------------------------- coordinator

    private void becomeCoordinator() throws KeeperException, InterruptedException {
        coordinating = true;
        rebuilding = true;
        epoch++;
        queue.clear();
        holders.clear();
        early.clear();
        rebuiltHeld.clear();
        rebuiltWaiting.clear();
        awaitingState.clear();
        bound = self;
        ep.event(
                EventType.LOCAL,
                ALGO,
                Map.of(
                        "text",
                        "coordinator: rebuilding the queue from the participants' requests",
                        "role",
                        "coordinator-start"));
        mergeState(self, stateBody(true));
        Map<String, String> live = membership.live();
        for (String p : ep.participants()) {
            if (!p.equals(self) && live.containsKey(p)) {
                awaitingState.put(p, 0);
                askState(p, epoch);
            }
        }
        maybeFinishRebuild();
    }

    private void askState(String p, int e) throws KeeperException, InterruptedException {
        CompletableFuture<Message> f =
                ep.request(p, ALGO, "STATE", Map.of(), timing.stateTimeout().toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((m, err) -> run(() -> onStateReply(p, e, m, err)));
    }

    private void onStateReply(String p, int e, Message m, Throwable err) throws KeeperException, InterruptedException {
        if (e != epoch || !rebuilding || !awaitingState.containsKey(p)) {
            return;
        }
        if (err == null) {
            awaitingState.remove(p);
            mergeState(p, m.body());
        } else if (!membership.live().containsKey(p)) {
            awaitingState.remove(p);
        } else {
            int tries = awaitingState.get(p) + 1;
            if (tries > timing.stateRetries()) {
                LOG.warn("{}: {} is present but does not answer STATE; rebuilding without it", self, p);
                awaitingState.remove(p);
            } else {
                awaitingState.put(p, tries);
                askState(p, e);
            }
        }
        maybeFinishRebuild();
    }

    private void mergeState(String p, Map<String, String> body) {
        String inc = body.getOrDefault("rinc", "");
        for (String id : split(body.get("held"))) {
            rebuiltHeld.add(new Entry(id, p, inc, 0));
        }
        for (String w : split(body.get("waiting"))) {
            int at = w.lastIndexOf('@');
            long ts = 0;
            String id = w;
            if (at > 0) {
                id = w.substring(0, at);
                try {
                    ts = Long.parseLong(w.substring(at + 1));
                } catch (NumberFormatException ex) {
                    LOG.warn("{}: bad timestamp in STATE from {}: {}", self, p, w);
                }
            }
            rebuiltWaiting.add(new Entry(id, p, inc, ts));
        }
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private void maybeFinishRebuild() throws KeeperException, InterruptedException {
        if (!rebuilding || !awaitingState.isEmpty()) {
            return;
        }
        rebuilding = false;
        for (Entry h : rebuiltHeld) {
            if (!finished.contains(h.id)) {
                holders.put(h.id, h);
            }
        }
        rebuiltWaiting.sort(Comparator.comparingLong(Entry::ts).thenComparing(Entry::requester, Participants.ORDER));
        for (Entry w : rebuiltWaiting) {
            enqueue(w, true);
        }
        for (Entry w : early) {
            enqueue(w, false);
        }
        early.clear();
        ep.local(ALGO, "coordinator: queue rebuilt, " + holders.size() + " holding, " + queue.size() + " waiting");
        checkLiveness();
        grantNext();
    }

    private boolean known(String id) {
        if (finished.contains(id) || holders.containsKey(id)) {
            return true;
        }
        for (Entry e : queue) {
            if (e.id.equals(id)) {
                return true;
            }
        }
        return false;
    }

    private void enqueue(Entry e, boolean rebuilt) throws KeeperException, InterruptedException {
        if (known(e.id)) {
            return;
        }
        queue.add(e);
        ep.event(
                EventType.ENQUEUE,
                ALGO,
                Map.of(
                        "request",
                        e.id,
                        "requester",
                        e.requester,
                        "coordinator",
                        self,
                        "rebuilt",
                        Boolean.toString(rebuilt)));
    }

    private void onRequest(Message m) throws KeeperException, InterruptedException {
        String id = m.get("request");
        if (id == null || id.isBlank()) {
            LOG.warn("{}: REQUEST {} from {} without a request id; ignored", self, m.id(), m.from());
            return;
        }
        long ts = 0;
        try {
            ts = Long.parseLong(m.body().getOrDefault("ts", "0"));
        } catch (NumberFormatException e) {
            LOG.warn("{}: REQUEST {} has a bad ts; using 0", self, id);
        }
        Entry e = new Entry(id, m.from(), m.body().getOrDefault("rinc", ""), ts);
        if (!coordinating) {
            LOG.info(
                    "{}: REQUEST {} from {} but not coordinator; the requester re-sends to the next leader",
                    self,
                    id,
                    m.from());
            return;
        }
        if (rebuilding) {
            if (early.stream().noneMatch(x -> x.id.equals(id))) {
                early.add(e);
            }
            return;
        }
        enqueue(e, false);
        grantNext();
    }

    private void onRelease(Message m) throws KeeperException, InterruptedException {
        String id = m.get("request");
        if (id == null || !coordinating) {
            return;
        }
        if (holders.remove(id) != null) {
            if (!"refused".equals(m.get("reason"))) {
                finished.add(id); // a refused grant stays requestable: the client re-sends it
            }
            grantNext();
            return;
        }
        if (queue.removeIf(e -> e.id.equals(id))) {
            finished.add(id);
            ep.event(
                    EventType.RELEASE,
                    ALGO,
                    Map.of("request", id, "requester", m.from(), "coordinator", self, "reason", "withdrawn"));
            return;
        }
        if (rebuilding) {
            finished.add(id);
            early.removeIf(e -> e.id.equals(id));
        }
    }

    private void grantNext() throws KeeperException, InterruptedException {
        if (!coordinating || rebuilding || !holders.isEmpty()) {
            return;
        }
        Map<String, String> live = null;
        while (!queue.isEmpty()) {
            Entry e = queue.poll();
            if (live == null) {
                live = membership.live();
            }
            if (!alive(live, e)) {
                finished.add(e.id);
                ep.event(
                        EventType.RELEASE,
                        ALGO,
                        Map.of(
                                "request",
                                e.id,
                                "requester",
                                e.requester,
                                "coordinator",
                                self,
                                "reason",
                                "requester-died"));
                continue;
            }
            holders.put(e.id, e);
            ep.event(EventType.GRANT, ALGO, Map.of("request", e.id, "requester", e.requester, "coordinator", self));
            ep.send(e.requester, ALGO, "GRANT", Map.of("request", e.id));
            return;
        }
    }

    private static boolean alive(Map<String, String> live, Entry e) {
        String inc = live.get(e.requester);
        return inc != null && (e.inc.isEmpty() || inc.equals(e.inc));
    }

    private void checkLiveness() throws KeeperException, InterruptedException {
        Map<String, String> live = membership.live(); // also re-arms the watch
        if (!coordinating) {
            return;
        }
        if (rebuilding) {
            awaitingState.keySet().removeIf(p -> !live.containsKey(p));
            maybeFinishRebuild();
            return;
        }
        boolean freed = false;
        for (Entry h : new ArrayList<>(holders.values())) {
            if (!alive(live, h)) {
                holders.remove(h.id);
                finished.add(h.id);
                ep.event(
                        EventType.RELEASE,
                        ALGO,
                        Map.of(
                                "request",
                                h.id,
                                "requester",
                                h.requester,
                                "coordinator",
                                self,
                                "reason",
                                "holder-died"));
                freed = true;
            }
        }
        if (freed) {
            grantNext();
        }
    }

    private void resign(String newLeader) throws KeeperException, InterruptedException {
        coordinating = false;
        rebuilding = false;
        queue.clear();
        holders.clear();
        early.clear();
        awaitingState.clear();
        ep.event(
                EventType.LOCAL,
                ALGO,
                Map.of("text", "coordinator: resigning, " + newLeader + " leads", "role", "coordinator-end"));
    }

    // ---------------------------------------------------------------- actor

    private void run(Actor.Step step) {
        actor.execute(step);
    }
}
