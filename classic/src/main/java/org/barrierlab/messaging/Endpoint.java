package org.barrierlab.messaging;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.clock.LamportClock;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One participant's messaging endpoint for the classic algorithms: a {@link Transport} wrapped
 * with the participant's {@link LamportClock} and trace, handler dispatch by (algorithm, kind),
 * and request/response with timeouts by correlation id.
 *
 * <p>Guarantees: every send ticks the clock, stamps the message and records a {@code send}
 * event <em>before</em> the message is written, so the receiver's {@code receive} (recorded
 * after {@code max(local, stamp) + 1}) is later in zxid order; every event this endpoint
 * records carries {@code clock} and {@code inc} (the incarnation) and is stored in clock order.
 * Incoming messages that are addressed to someone else, come from an id that is not a
 * participant, have a kind nobody handles, or answer no pending request are logged, recorded as
 * a {@code drop} event and discarded; malformed mailbox data likewise. Handlers run on the
 * transport's delivery thread, one message at a time, and must not block: they reply, or hand
 * work to their own executor. A request to a dead participant completes exceptionally with
 * {@link TimeoutException} after its timeout.
 *
 * <p>Failure model: a send whose trace record or mailbox write fails throws the {@link
 * KeeperException} (connection loss, session expiry) to the caller; the algorithms log it and
 * rely on their timeouts, as for a lost message. An interrupt while recording or sending is
 * rethrown. When the session expires the transport stops delivering and pending requests time
 * out; {@link #close()} fails them at once.
 *
 * <pre>{@code
 * Endpoint ep = new Endpoint(transport, List.of("p1", "p2", "p3"), recorder::record);
 * ep.on("clock", "CALL", m -> ep.reply(m, "ANSWER", Map.of("value", "42")));
 * ep.start();
 * Message answer = ep.call("p2", "clock", "CALL", Map.of(), 2, TimeUnit.SECONDS);
 * }</pre>
 */
public final class Endpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    /** Trace scope of {@code drop} events. */
    public static final String SCOPE = "messaging";

    private static final Set<String> RESERVED = Set.of("to", "from", "msg", "kind", "clock", "inc", "re");

    /** Handles one message on the delivery thread; must not block. */
    @FunctionalInterface
    public interface Handler {
        void handle(Message message) throws KeeperException, InterruptedException;
    }

    private final Transport transport;
    private final List<String> participants;
    private final EventSink sink;
    private final LamportClock clock = new LamportClock();
    private final String self;
    private final String incarnation;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private record Pending(String to, CompletableFuture<Message> future) {}

    /**
     * An endpoint for {@code transport.self()}.
     *
     * @throws IllegalArgumentException if the transport's participant is not in {@code participants}
     */
    public Endpoint(Transport transport, List<String> participants, EventSink sink) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.participants = List.copyOf(Objects.requireNonNull(participants, "participants"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.self = transport.self();
        this.incarnation = transport.incarnation();
        if (!this.participants.contains(self)) {
            throw new IllegalArgumentException(
                    "participant " + self + " must be one of the participants " + this.participants);
        }
    }

    public String self() {
        return self;
    }

    /** Token of this incarnation of the participant (attr {@code inc} of its events). */
    public String incarnation() {
        return incarnation;
    }

    public List<String> participants() {
        return participants;
    }

    public LamportClock clock() {
        return clock;
    }

    /**
     * Registers the handler of one message kind of one algorithm (replacing an earlier one).
     * Register before {@link #start()} so no message finds the kind unknown.
     */
    public void on(String algo, String kind, Handler handler) {
        handlers.put(
                key(Objects.requireNonNull(algo, "algo"), Objects.requireNonNull(kind, "kind")),
                Objects.requireNonNull(handler, "handler"));
    }

    /** Starts delivering messages to the handlers (at most once). */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("endpoint of " + self + " already started");
        }
        transport.start(new Transport.Receiver() {
            @Override
            public void onMessage(Message message) {
                deliver(message);
            }

            @Override
            public void onMalformed(String source, String reason) {
                drop(null, source, reason);
            }
        });
    }

    /**
     * Sends a one-way message (or a request whose answer nobody awaits).
     *
     * @return the message id
     * @throws IllegalArgumentException if {@code to} is not a participant
     * @throws KeeperException if the trace or the mailbox write fails
     * @throws InterruptedException if interrupted
     */
    public String send(String to, String algo, String kind, Map<String, String> body)
            throws KeeperException, InterruptedException {
        return sendMessage(to, algo, kind, "", body).id();
    }

    /**
     * Answers a request: the reply carries the request's id as correlation id.
     *
     * @throws KeeperException if the trace or the mailbox write fails
     * @throws InterruptedException if interrupted
     */
    public String reply(Message request, String kind, Map<String, String> body)
            throws KeeperException, InterruptedException {
        return sendMessage(request.from(), request.algo(), kind, request.id(), body)
                .id();
    }

    /**
     * Sends a request; the future completes with the reply on the delivery thread, or
     * exceptionally with {@link TimeoutException} after the timeout (a dead or slow peer).
     * Dependent actions must not block.
     *
     * @throws KeeperException if the trace or the mailbox write fails
     * @throws InterruptedException if interrupted
     */
    public CompletableFuture<Message> request(
            String to, String algo, String kind, Map<String, String> body, long timeout, TimeUnit unit)
            throws KeeperException, InterruptedException {
        Objects.requireNonNull(unit, "unit");
        if (timeout <= 0) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        CompletableFuture<Message> future = new CompletableFuture<>();
        String id = nextId();
        pending.put(id, new Pending(to, future));
        try {
            sendMessage(id, to, algo, kind, "", body);
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            pending.remove(id);
            throw e;
        }
        future.orTimeout(timeout, unit).whenComplete((m, e) -> pending.remove(id));
        return future;
    }

    /**
     * Request and wait for the answer.
     *
     * @throws TimeoutException if no answer within the timeout (the peer may be dead)
     * @throws KeeperException if the trace or the mailbox write fails
     * @throws InterruptedException if interrupted while waiting
     */
    public Message call(String to, String algo, String kind, Map<String, String> body, long timeout, TimeUnit unit)
            throws KeeperException, InterruptedException, TimeoutException {
        CompletableFuture<Message> f = request(to, algo, kind, body, timeout, unit);
        try {
            return f.get(unit.toNanos(timeout) + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException te) {
                throw te;
            }
            throw new IllegalStateException("request " + kind + " to " + to + " failed", e.getCause());
        }
    }

    /**
     * Records a participant event of an algorithm (election, leader, request, ...): ticks the
     * clock and stores the event with {@code clock} and {@code inc}, atomically.
     *
     * @throws KeeperException if the trace write fails
     * @throws InterruptedException if interrupted
     */
    public TraceEvent event(EventType type, String scope, Map<String, String> attrs)
            throws KeeperException, InterruptedException {
        TraceEvent[] out = new TraceEvent[1];
        clock.tickAnd(t -> {
            TraceEvent e = base(type, scope, t);
            for (Map.Entry<String, String> a : attrs.entrySet()) {
                if (!RESERVED.contains(a.getKey())) {
                    e = e.with(a.getKey(), a.getValue());
                }
            }
            sink.record(e);
            out[0] = e;
        });
        return out[0];
    }

    /**
     * A local event with a narration text.
     *
     * @throws KeeperException if the trace write fails
     * @throws InterruptedException if interrupted
     */
    public TraceEvent local(String scope, String text) throws KeeperException, InterruptedException {
        return event(EventType.LOCAL, scope, Map.of("text", text));
    }

    /** Stops delivery and fails pending requests; idempotent. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        pending.values().forEach(p -> p.future().completeExceptionally(new TimeoutException("endpoint closed")));
        pending.clear();
    }

    private Message sendMessage(String to, String algo, String kind, String replyTo, Map<String, String> body)
            throws KeeperException, InterruptedException {
        return sendMessage(nextId(), to, algo, kind, replyTo, body);
    }

    private Message sendMessage(
            String id, String to, String algo, String kind, String replyTo, Map<String, String> body)
            throws KeeperException, InterruptedException {
        if (!participants.contains(to)) {
            throw new IllegalArgumentException(
                    "message receiver must be a participant " + participants + ", was " + to);
        }
        Message[] out = new Message[1];
        clock.tickAnd(t -> {
            Message m = new Message(id, self, to, algo, kind, t, replyTo, body);
            TraceEvent e = withBody(base(EventType.SEND, algo, t).with("to", to), m);
            sink.record(e); // before the mailbox write: every receive is later in zxid order
            out[0] = m;
        });
        if (closed) {
            return out[0];
        }
        transport.send(out[0]);
        return out[0];
    }

    private void deliver(Message m) {
        if (closed) {
            return;
        }
        if (!m.to().equals(self)) {
            drop(m, m.id(), "addressed to " + m.to() + ", not " + self);
            return;
        }
        if (!participants.contains(m.from())) {
            drop(m, m.id(), "sender " + m.from() + " is not a participant");
            return;
        }
        Pending p = null;
        Handler h = null;
        if (m.isReply()) {
            p = pending.get(m.replyTo());
            if (p != null && !p.to().equals(m.from())) {
                drop(m, m.id(), "reply to " + m.replyTo() + " from " + m.from() + ", request went to " + p.to());
                return;
            }
        } else {
            h = handlers.get(key(m.algo(), m.kind()));
            if (h == null) {
                drop(m, m.id(), "unknown message type " + m.algo() + "/" + m.kind());
                return;
            }
        }
        try {
            clock.receiveAnd(
                    m.clock(),
                    t -> sink.record(
                            withBody(base(EventType.RECEIVE, m.algo(), t).with("from", m.from()), m)));
        } catch (KeeperException e) {
            LOG.warn("{}: could not record receive of {}: {}", self, m.id(), e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (m.isReply()) {
            if (p == null) {
                LOG.debug("{}: late reply {} to {} ignored", self, m.id(), m.replyTo());
            } else {
                p.future().complete(m);
            }
            return;
        }
        try {
            h.handle(m);
        } catch (KeeperException e) {
            LOG.warn("{}: handling {} {} from {} failed: {}", self, m.kind(), m.id(), m.from(), e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: handler of {} failed on {} from {}", self, m.kind(), m.id(), m.from(), e);
        }
    }

    private void drop(Message m, String source, String reason) {
        LOG.warn("{}: dropped message {}: {}", self, source, reason);
        try {
            TraceEvent e = TraceEvent.of(self, EventType.DROP, SCOPE, -1)
                    .with("inc", incarnation)
                    .with("reason", reason)
                    .with("msg", m == null ? source : m.id());
            if (m != null) {
                e = e.with("from", m.from()).with("kind", m.kind());
            }
            sink.record(e);
        } catch (KeeperException e) {
            LOG.warn("{}: could not record drop: {}", self, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TraceEvent base(EventType type, String scope, long t) {
        return TraceEvent.of(self, type, scope, -1)
                .with("clock", Long.toString(t))
                .with("inc", incarnation);
    }

    private static TraceEvent withBody(TraceEvent e, Message m) {
        TraceEvent out = e.with("msg", m.id()).with("kind", m.kind());
        if (m.isReply()) {
            out = out.with("re", m.replyTo());
        }
        for (Map.Entry<String, String> b : new TreeMap<>(m.body()).entrySet()) {
            if (!RESERVED.contains(b.getKey())) {
                out = out.with(b.getKey(), b.getValue());
            }
        }
        return out;
    }

    /**
     * Wraps a thread body so that its log lines carry the participant id (MDC key {@code
     * participant}), for the algorithms' own threads.
     */
    public static Runnable withMdc(String participant, Runnable body) {
        return () -> {
            MDC.put("participant", participant);
            try {
                body.run();
            } finally {
                MDC.remove("participant");
            }
        };
    }

    private String nextId() {
        return self + "-" + incarnation + "-" + counter.incrementAndGet();
    }

    private static String key(String algo, String kind) {
        return algo + "/" + kind;
    }
}
