package org.barrierlab.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process network of {@link Transport}s for fast, controllable tests of the classic
 * algorithms, with the same guarantees as {@link ZkTransport} (one delivery thread per
 * participant, sends never fail, a dead participant's mailbox keeps its messages for a restart)
 * and a chosen delivery {@link Order}, including adversarial ones.
 *
 * <p>{@link #kill(String)} simulates a crash: the incarnation's transport stops sending and
 * delivering and its presence disappears from {@link #membership()}; {@link #transport(String)}
 * afterwards starts a new incarnation on the same mailbox.
 *
 * <pre>{@code
 * try (InMemoryNetwork net = new InMemoryNetwork(42, InMemoryNetwork.Order.SHUFFLED, 20)) {
 *     Transport p1 = net.transport("p1");
 *     Transport p2 = net.transport("p2");
 *     ...
 *     net.kill("p2");
 * }
 * }</pre>
 */
public final class InMemoryNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryNetwork.class);

    /** Delivery order of the network. */
    public enum Order {
        /** Immediately, in send order (like the ZooKeeper mailboxes). */
        FIFO,
        /** Random delays up to the maximum; FIFO per sender-receiver pair, interleaved across senders. */
        SHUFFLED,
        /** Random delays up to the maximum, no FIFO guarantee at all (even between one pair). */
        CHAOS,
        /** Held until the test calls {@link #deliver(Predicate)}: exact, repeatable interleavings. */
        MANUAL
    }

    private final Order order;
    private final int maxDelayMillis;
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final Map<String, BlockingQueue<Object>> mailboxes = new HashMap<>();
    private final Map<String, Node> live = new TreeMap<>();
    private final Map<String, Deque<Message>> pairs = new HashMap<>();
    private final List<Message> held = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private int incarnations;
    private boolean closed;

    /**
     * A network with the given order; {@code maxDelayMillis} bounds the random delays of {@link
     * Order#SHUFFLED} and {@link Order#CHAOS}.
     *
     * @throws IllegalArgumentException if {@code maxDelayMillis < 0}
     */
    public InMemoryNetwork(long seed, Order order, int maxDelayMillis) {
        this.order = Objects.requireNonNull(order, "order");
        if (maxDelayMillis < 0) {
            throw new IllegalArgumentException("maxDelayMillis must be >= 0, was " + maxDelayMillis);
        }
        this.maxDelayMillis = maxDelayMillis;
        this.random = new Random(seed);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "in-memory-network");
            t.setDaemon(true);
            return t;
        });
    }

    /** A network that delivers immediately in send order. */
    public static InMemoryNetwork fifo() {
        return new InMemoryNetwork(0, Order.FIFO, 0);
    }

    /**
     * Starts a new incarnation of the participant and returns its transport.
     *
     * @throws IllegalStateException if the participant is alive (kill it first)
     */
    public synchronized Transport transport(String pid) {
        Objects.requireNonNull(pid, "pid");
        if (live.containsKey(pid)) {
            throw new IllegalStateException(pid + " is alive; kill it before starting a new incarnation");
        }
        Node n =
                new Node(pid, "m" + (++incarnations), mailboxes.computeIfAbsent(pid, k -> new LinkedBlockingQueue<>()));
        live.put(pid, n);
        listeners.forEach(Runnable::run);
        return n;
    }

    /** Crashes the participant's current incarnation (no-op if not alive). */
    public void kill(String pid) {
        Node n;
        synchronized (this) {
            n = live.remove(pid);
        }
        if (n != null) {
            n.die();
            listeners.forEach(Runnable::run);
        }
    }

    /** Failure detector over the live incarnations, for the mutex coordinator and scenarios. */
    public Membership membership() {
        return new Membership() {
            @Override
            public Map<String, String> live() {
                synchronized (InMemoryNetwork.this) {
                    Map<String, String> out = new TreeMap<>();
                    live.forEach((k, v) -> out.put(k, v.incarnation));
                    return out;
                }
            }

            @Override
            public void onChange(Runnable signal) {
                listeners.add(Objects.requireNonNull(signal, "signal"));
            }
        };
    }

    /** Puts raw bytes into a mailbox, as a foreign or broken writer would (bad-input tests). */
    public synchronized void injectRaw(String to, byte[] data) {
        mailboxes.computeIfAbsent(to, k -> new LinkedBlockingQueue<>()).add(data.clone());
    }

    /** Messages held by {@link Order#MANUAL}, in send order. */
    public synchronized List<Message> held() {
        return List.copyOf(held);
    }

    /**
     * Delivers the first held message matching the filter ({@link Order#MANUAL}).
     *
     * @return false if no held message matches
     */
    public boolean deliver(Predicate<Message> which) {
        synchronized (this) {
            for (int i = 0; i < held.size(); i++) {
                if (which.test(held.get(i))) {
                    Message m = held.remove(i);
                    mailboxes
                            .computeIfAbsent(m.to(), k -> new LinkedBlockingQueue<>())
                            .add(m);
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        List<Node> nodes;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            nodes = new ArrayList<>(live.values());
            live.clear();
        }
        nodes.forEach(Node::die);
        scheduler.shutdownNow();
    }

    private void route(Message m) {
        BlockingQueue<Object> box;
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            box = mailboxes.computeIfAbsent(m.to(), k -> new LinkedBlockingQueue<>());
            switch (order) {
                case FIFO -> {
                    box.add(m);
                    return;
                }
                case MANUAL -> {
                    held.add(m);
                    return;
                }
                case CHAOS -> delay = random.nextInt(maxDelayMillis + 1);
                default -> {
                    // Each scheduled task moves the head of the pair's queue, so whatever the
                    // tasks' order, one pair's messages arrive in send order.
                    Deque<Message> pair = pairs.computeIfAbsent(m.from() + ">" + m.to(), k -> new ArrayDeque<>());
                    pair.add(m);
                    delay = random.nextInt(maxDelayMillis + 1);
                    scheduler.schedule(
                            () -> {
                                synchronized (this) {
                                    box.add(pair.poll());
                                }
                            },
                            delay,
                            TimeUnit.MILLISECONDS);
                    return;
                }
            }
        }
        scheduler.schedule(() -> box.add(m), delay, TimeUnit.MILLISECONDS);
    }

    private final class Node implements Transport {
        private final String pid;
        private final String incarnation;
        private final BlockingQueue<Object> box;
        private volatile boolean dead;
        private volatile Thread thread;

        Node(String pid, String incarnation, BlockingQueue<Object> box) {
            this.pid = pid;
            this.incarnation = incarnation;
            this.box = box;
        }

        @Override
        public String self() {
            return pid;
        }

        @Override
        public String incarnation() {
            return incarnation;
        }

        @Override
        public synchronized void start(Receiver receiver) {
            Objects.requireNonNull(receiver, "receiver");
            if (thread != null || dead) {
                throw new IllegalStateException("transport of " + pid + " already started or closed");
            }
            Thread t = new Thread(Endpoint.withMdc(pid, () -> loop(receiver)), "mailbox-" + pid + "-" + incarnation);
            t.setDaemon(true);
            thread = t;
            t.start();
        }

        private void loop(Receiver receiver) {
            while (!dead) {
                Object item;
                try {
                    item = box.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (item == null) {
                    continue;
                }
                if (dead) {
                    box.add(item); // not consumed: it stays for the next incarnation (order may change)
                    return;
                }
                if (item instanceof Message m) {
                    try {
                        receiver.onMessage(m);
                    } catch (RuntimeException e) {
                        LOG.error("{}: receiver failed on message {}", pid, m.id(), e);
                    }
                } else {
                    Message m;
                    try {
                        m = Message.decode((byte[]) item);
                    } catch (IllegalArgumentException e) {
                        receiver.onMalformed("in-memory mailbox of " + pid, e.getMessage());
                        continue;
                    }
                    try {
                        receiver.onMessage(m);
                    } catch (RuntimeException e) {
                        LOG.error("{}: receiver failed on message {}", pid, m.id(), e);
                    }
                }
            }
        }

        @Override
        public void send(Message message) {
            Objects.requireNonNull(message, "message");
            if (dead) {
                LOG.debug("{} is dead, message {} not sent", pid, message.id());
                return;
            }
            route(message);
        }

        void die() {
            dead = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        @Override
        public void close() {
            synchronized (InMemoryNetwork.this) {
                if (live.get(pid) == this) {
                    live.remove(pid);
                }
            }
            die();
            listeners.forEach(Runnable::run);
        }
    }
}
