package org.barrierlab.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} through per-participant mailboxes in the run's ZooKeeper namespace: a send
 * creates one {@code PERSISTENT_SEQUENTIAL} node {@code m-NNNNNNNNNN} under {@code
 * RunLayout.mailbox(to)}, its data {@link Message#encode()}; the receiver's delivery thread reads
 * its inbox in sequence order, deletes each node and then hands the message over (at most once:
 * a receiver killed between delete and handling loses the message, as a crashed process would).
 *
 * <p>The child watcher on the inbox only releases a semaphore; the delivery thread re-reads the
 * children (watchers only signal, house style 7). It also re-reads every {@value #RECHECK_SECONDS}
 * seconds as a safety net.
 *
 * <p>Failure model: a send to a dead participant simply adds to its mailbox (creating it if
 * needed, but never the run itself). On connection loss a send is retried a few times, so a
 * message may be delivered twice (at least once); the algorithms tolerate duplicates; if the
 * connection does not come back the send throws {@code ConnectionLossException}. Delivery
 * retries connection loss with a back-off, and stops on session expiry (the participant is dead
 * to the others anyway) or when the run's namespace is deleted. {@link #close()} interrupts the
 * delivery thread; messages not yet consumed stay in the mailbox.
 *
 * <pre>{@code
 * try (ZkTransport t = new ZkTransport(zk, RunLayout.of("r1"), "p2")) {
 *     t.start(m -> handle(m));
 *     ...
 * }
 * }</pre>
 */
public final class ZkTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ZkTransport.class);
    private static final long RECHECK_SECONDS = 2;
    private static final int SEND_ATTEMPTS = 3;

    private final ZooKeeper zk;
    private final RunLayout run;
    private final String self;
    private final String inbox;
    private final Semaphore wake = new Semaphore(0);
    private final Watcher watcher = event -> wake.release();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread thread;

    /**
     * A transport for participant {@code self} of the run.
     *
     * @throws IllegalArgumentException if {@code self} is not a valid participant id
     */
    public ZkTransport(ZooKeeper zk, RunLayout run, String self) {
        this.zk = Objects.requireNonNull(zk, "zk");
        this.run = Objects.requireNonNull(run, "run");
        this.self = RunLayout.requireName(self, "participant id");
        this.inbox = run.mailbox(self);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public String incarnation() {
        return Long.toHexString(zk.getSessionId());
    }

    @Override
    public void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("transport of " + self + " already started or closed");
        }
        Thread t = new Thread(Endpoint.withMdc(self, () -> deliveryLoop(receiver)), "mailbox-" + self);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void send(Message message) throws KeeperException, InterruptedException {
        Objects.requireNonNull(message, "message");
        String mailbox = run.mailbox(message.to());
        byte[] data = message.encode();
        for (int attempt = 1; ; attempt++) {
            try {
                zk.create(mailbox + "/m-", data, run.acl(), CreateMode.PERSISTENT_SEQUENTIAL);
                return;
            } catch (KeeperException.NoNodeException e) {
                // The receiver has not started yet (or never will): its mailbox waits for it.
                ensurePath(mailbox);
                zk.create(mailbox + "/m-", data, run.acl(), CreateMode.PERSISTENT_SEQUENTIAL);
                return;
            } catch (KeeperException.ConnectionLossException e) {
                // The create may or may not have happened: retrying may deliver twice, which the
                // algorithms tolerate (at-least-once on connection loss, documented above).
                if (attempt >= SEND_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(100L * attempt); // back-off while the client reconnects
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private void deliveryLoop(Receiver receiver) {
        long lastSeq = -1;
        long backoffMillis = 50;
        while (!closed.get()) {
            try {
                ensurePath(inbox);
                wake.drainPermits();
                List<String> children = zk.getChildren(inbox, watcher);
                List<String> fresh = new ArrayList<>();
                for (String c : children) {
                    if (sequenceOf(c) >= 0) {
                        fresh.add(c);
                    } else {
                        receiver.onMalformed(inbox + "/" + c, "not a message node name");
                        deleteQuietly(inbox + "/" + c);
                    }
                }
                fresh.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
                for (String c : fresh) {
                    if (closed.get()) {
                        return;
                    }
                    String path = inbox + "/" + c;
                    long seq = sequenceOf(c);
                    byte[] data;
                    try {
                        data = zk.getData(path, false, null);
                        zk.delete(path, -1);
                    } catch (KeeperException.NoNodeException e) {
                        continue;
                    }
                    if (seq <= lastSeq) {
                        continue; // handled before a connection loss hid its delete
                    }
                    lastSeq = seq;
                    Message m;
                    try {
                        m = Message.decode(data);
                    } catch (IllegalArgumentException e) {
                        receiver.onMalformed(path, e.getMessage());
                        continue;
                    }
                    try {
                        receiver.onMessage(m);
                    } catch (RuntimeException e) {
                        LOG.error("{}: receiver failed on message {}", self, m.id(), e);
                    }
                }
                backoffMillis = 50;
                wake.tryAcquire(RECHECK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KeeperException.SessionExpiredException | KeeperException.SessionMovedException e) {
                LOG.error("{}: ZooKeeper session ended, mailbox delivery stops", self);
                return;
            } catch (KeeperException.NoNodeException e) {
                LOG.error("{}: the run {} is gone, mailbox delivery stops", self, run.runId());
                return;
            } catch (KeeperException e) {
                if (closed.get() || !zk.getState().isAlive()) {
                    return; // closed by its owner, or the session is gone for good
                }
                LOG.warn("{}: mailbox read failed ({}), retrying in {} ms", self, e.code(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis); // back-off before retrying a failed ZooKeeper call
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(1000, backoffMillis * 2);
            }
        }
    }

    private void deleteQuietly(String path) throws InterruptedException {
        try {
            zk.delete(path, -1);
        } catch (KeeperException e) {
            LOG.debug("{}: could not delete {}: {}", self, path, e.code());
        }
    }

    private void ensurePath(String path) throws KeeperException, InterruptedException {
        ZkPaths.ensureBelow(zk, run, path);
    }

    static long sequenceOf(String child) {
        if (!child.startsWith("m-")) {
            return -1;
        }
        try {
            return Long.parseLong(child.substring(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
