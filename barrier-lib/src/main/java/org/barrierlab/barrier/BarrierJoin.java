package org.barrierlab.barrier;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joining a barrier, once per handle: create the missing parents, agree on the configuration
 * (the first participant creates the barrier with its first two slots, everyone else
 * compares), and register the
 * handle's liveness node (waiting, within the deadline, for a previous incarnation's node to
 * expire). Also re-checks the configuration for a waiter's watchdog.
 */
final class BarrierJoin {

    private static final Logger LOG = LoggerFactory.getLogger(BarrierJoin.class);

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    private final String id;
    private final String config;

    BarrierJoin(ZkCalls calls, SlotNames names, BarrierSpec spec) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.id = spec.participantId;
        this.config = spec.configLine();
    }

    void join(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        ensureParents(d);
        agreeConfig(d);
        createLive(d);
    }

    private void ensureParents(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        if (calls.exists(d, names.path) != null) {
            return;
        }
        int i = 0;
        while ((i = names.path.indexOf('/', i + 1)) > 0) {
            String parent = names.path.substring(0, i);
            try {
                calls.create(d, parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // there already (or created by our own attempt whose reply was lost)
            }
        }
    }

    private void agreeConfig(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        for (int turn = 0; ; turn++) {
            if (turn > 0) {
                // each turn lost a race to a concurrent change of the barrier node: bounded by the deadline
                d.check("timed out agreeing on the configuration of " + names.path + " (it keeps changing)");
            }
            try {
                calls.multi(d, skeleton(Op.create(names.path, cfg, spec.acl, CreateMode.PERSISTENT)));
                return;
            } catch (KeeperException.NodeExistsException e) {
                Stat st = new Stat();
                byte[] b = calls.data(d, names.path, st);
                if (b == null) {
                    continue;
                }
                if (b.length == 0 && calls.exists(d, names.gen) == null) {
                    // the barrier's path exists as a plain parent (someone created it): claim it
                    try {
                        calls.multi(d, skeleton(Op.setData(names.path, cfg, st.getVersion())));
                        return;
                    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException race) {
                        continue;
                    }
                }
                String theirs = new String(b, StandardCharsets.UTF_8);
                if (!theirs.equals(config)) {
                    throw new IllegalArgumentException("barrier " + names.path + " is configured as '" + theirs
                            + "' but this handle (" + id + ") was built with '" + config + "'");
                }
                return;
            }
        }
    }

    /**
     * The barrier's skeleton in one transaction: the configuration, {@code gen} (version 1), slots
     * 0 and 1 with their {@code open} children, and the liveness directory.
     */
    private List<Op> skeleton(Op config) {
        byte[] none = new byte[0];
        return List.of(
                config,
                Op.create(names.gen, "0".getBytes(StandardCharsets.UTF_8), spec.acl, CreateMode.PERSISTENT),
                Op.create(names.slot(0), none, spec.acl, CreateMode.PERSISTENT),
                Op.create(names.open(0), none, spec.acl, CreateMode.PERSISTENT),
                Op.setData(names.gen, "1".getBytes(StandardCharsets.UTF_8), 0),
                Op.create(names.slot(1), none, spec.acl, CreateMode.PERSISTENT),
                Op.create(names.open(1), none, spec.acl, CreateMode.PERSISTENT),
                Op.create(names.live, none, spec.acl, CreateMode.PERSISTENT));
    }

    /** Registers the liveness node; waits (within the deadline) for a stale one of a dead incarnation. */
    private void createLive(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        String mine = names.live + "/" + id;
        byte[] data = (id + " " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8);
        try {
            calls.delete(d, names.live + "/~" + id); // a tombstone of our own earlier, graceful close
        } catch (KeeperException.NoNodeException e) {
            // none
        }
        for (int turn = 0; ; turn++) {
            if (turn > 0) {
                d.check("timed out registering " + mine + " (an earlier node with this id keeps reappearing)");
            }
            try {
                calls.create(d, mine, data, spec.acl, CreateMode.EPHEMERAL);
                return;
            } catch (KeeperException.NodeExistsException e) {
                WaitSignal gone = new WaitSignal(calls);
                org.apache.zookeeper.ZooKeeper session = calls.watching(mine);
                try {
                    Stat st = calls.existsWatch(d, mine, gone);
                    if (st == null) {
                        continue;
                    }
                    if (st.getEphemeralOwner() == session.getSessionId()) {
                        return; // our own create, whose reply was lost
                    }
                    LOG.info(
                            "participant id {} is still live at {} from session 0x{}; waiting for it to end",
                            id,
                            names.path,
                            Long.toHexString(st.getEphemeralOwner()));
                    if (!d.acquire(gone.semaphore)) {
                        throw new TimeoutException("participant id " + id + " is in use at " + names.path
                                + " by another live session 0x" + Long.toHexString(st.getEphemeralOwner()));
                    }
                } finally {
                    calls.unwatch(session, mine, gone);
                }
            }
        }
    }

    /**
     * What is wrong with the barrier node itself, or null: the configuration a waiter's watchdog
     * re-reads (someone deleted the barrier or wrote something else into it).
     */
    String problem(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        byte[] b = calls.data(d, names.path, null);
        if (b == null) {
            return "barrier " + names.path + " was deleted";
        }
        String now = new String(b, StandardCharsets.UTF_8);
        if (!now.equals(config)) {
            return "the configuration of " + names.path + " was changed to '" + now + "' (expected '" + config + "')";
        }
        return null;
    }
}
