package org.barrierlab.messaging;

import org.apache.zookeeper.KeeperException;

/**
 * Moves {@link Message}s between participants: the raw, unclocked layer under {@link Endpoint}.
 *
 * <p>Guarantees of every implementation: messages to one receiver are handed to its {@link
 * Receiver} one at a time, on one delivery thread owned by the transport (never a ZooKeeper
 * event thread), so a receiver needs no locking for its own state; sending to a participant that
 * is dead or not yet started does not fail (the message waits in its mailbox, or is lost with
 * the process, exactly as with a crashed peer); data that is not a message is reported to {@link
 * Receiver#onMalformed} and dropped. Two implementations: {@link ZkTransport} (mailboxes in the
 * run's ZooKeeper namespace) and {@link InMemoryNetwork} (tests, with adversarial orders).
 *
 * <pre>{@code
 * Transport t = new ZkTransport(zk, run, "p1");
 * t.start(message -> LOG.info("got {}", message));
 * t.send(new Message("p1-a-1", "p1", "p2", "clock", "CALL", 3, "", Map.of()));
 * t.close();
 * }</pre>
 */
public interface Transport extends AutoCloseable {

    /** Receives the messages of one participant, on the transport's delivery thread. */
    interface Receiver {
        /** A well-formed message addressed to this participant. Must not block for long. */
        void onMessage(Message message);

        /** Data in the mailbox that is not a message; it has been dropped. */
        default void onMalformed(String source, String reason) {}
    }

    /** The participant id this transport receives for. */
    String self();

    /**
     * A token that differs between two runs of the same participant id (a restarted process is a
     * new incarnation), used to make message ids unique across restarts.
     */
    String incarnation();

    /**
     * Starts delivering this participant's messages to the receiver (at most once).
     *
     * @throws IllegalStateException if already started or closed
     */
    void start(Receiver receiver);

    /**
     * Sends the message to {@link Message#to()}. Returns once the message is stored (ZooKeeper)
     * or queued (in memory); it never waits for the receiver.
     *
     * @throws KeeperException if ZooKeeper refuses the write (e.g. connection loss)
     * @throws InterruptedException if interrupted while waiting for ZooKeeper
     */
    void send(Message message) throws KeeperException, InterruptedException;

    /** Stops delivery; idempotent. Messages still in the mailbox stay there. */
    @Override
    void close();
}
