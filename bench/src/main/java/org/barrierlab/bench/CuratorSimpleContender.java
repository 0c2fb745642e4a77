package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Curator's {@code DistributedBarrier} used as an N-party simple barrier, the way its Javadoc
 * describes: a controller sets the barrier, participants wait on it, the controller removes it.
 * The controller learns that all N have arrived from arrival nodes: each participant creates
 * {@code a<k>/p<i>} and then waits on {@code b<k>}; the controller watches the children of
 * {@code a<k>} and removes {@code b<k>} when there are N. A fresh barrier path per round, set by
 * the controller before the previous round's barrier is removed, so a fast participant cannot
 * pass a round early.
 *
 * <p>Cost accounting: the controller's requests, notifications and bytes are part of the
 * barrier's cost and are spread over the N participants; its wake-ups are reported separately
 * (wake-ups per waiter counts participants only).
 */
final class CuratorSimpleContender extends Contender {

    private static final Logger LOG = LoggerFactory.getLogger(CuratorSimpleContender.class);

    private final CuratorFramework[] clients;
    private final List<AtomicReference<CountingZooKeeper>> zks = new ArrayList<>();
    private final AtomicReference<CountingZooKeeper> controllerZk = new AtomicReference<>();
    private final AtomicLong controllerWakeups = new AtomicLong();
    private CuratorFramework controller;
    private Thread controllerThread;
    private volatile boolean closed;
    private volatile Exception controllerFailure;
    private String base;

    CuratorSimpleContender(int n) {
        super(n);
        clients = new CuratorFramework[n];
        for (int i = 0; i < n; i++) {
            zks.add(new AtomicReference<>());
        }
    }

    @Override
    String impl() {
        return "curator";
    }

    @Override
    boolean isDouble() {
        return false;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws KeeperException, InterruptedException, BenchException {
        this.base = basePath;
        controller = CuratorClients.open(connectString, controllerZk);
        try {
            controller.create().creatingParentsIfNeeded().forPath(arrivals(0));
            new DistributedBarrier(controller, barrier(0)).setBarrier();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("cannot set up Curator's barrier: " + e, e);
        }
        for (int p : participants) {
            clients[p] = CuratorClients.open(connectString, zks.get(p));
        }
        controllerThread = new Thread(this::controlLoop, "curator-barrier-controller");
        controllerThread.setDaemon(true);
        controllerThread.start();
    }

    private String arrivals(long round) {
        return base + "/a" + round;
    }

    private String barrier(long round) {
        return base + "/b" + round;
    }

    /** Round k: set round k+1's barrier, wait for N arrivals at round k, remove round k's barrier. */
    private void controlLoop() {
        Object monitor = new Object();
        boolean[] signalled = {false};
        Watcher watcher = e -> {
            synchronized (monitor) {
                signalled[0] = true;
                monitor.notifyAll();
            }
        };
        try {
            for (long k = 0; !closed; k++) {
                controller.create().forPath(arrivals(k + 1));
                new DistributedBarrier(controller, barrier(k + 1)).setBarrier();
                while (!closed) {
                    synchronized (monitor) {
                        int arrived = controller
                                .getChildren()
                                .usingWatcher(watcher)
                                .forPath(arrivals(k))
                                .size();
                        if (arrived >= n) {
                            break;
                        }
                        // Bounded so close() is noticed; a notification ends the wait at once.
                        signalled[0] = false;
                        monitor.wait(500);
                        if (signalled[0]) {
                            controllerWakeups.incrementAndGet();
                        }
                    }
                }
                if (!closed) {
                    new DistributedBarrier(controller, barrier(k)).removeBarrier();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                LOG.warn("Curator barrier controller failed", e);
                controllerFailure = e;
            }
        }
    }

    @Override
    boolean step(int p, Step step, long round, int last, long timeoutMillis) throws BenchException {
        if (step != Step.AWAIT) {
            throw new IllegalArgumentException("a simple barrier has no step " + step);
        }
        if (controllerFailure != null) {
            throw new BenchException("Curator barrier controller failed: " + controllerFailure, controllerFailure);
        }
        try {
            clients[p].create().withMode(CreateMode.EPHEMERAL).forPath(arrivals(round) + "/p" + p);
            return new DistributedBarrier(clients[p], barrier(round))
                    .waitOnBarrier(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("Curator barrier failed: " + e, e);
        }
    }

    @Override
    Counts counts(int p) {
        Counts c = CuratorClients.counts(zks.get(p));
        return c.withWakeups(c.notifications());
    }

    @Override
    Counts overhead() {
        return CuratorClients.counts(controllerZk).withWakeups(0);
    }

    @Override
    long overheadWakeups() {
        return controllerWakeups.get();
    }

    @Override
    CountingZooKeeper session(int p) {
        return zks.get(p).get();
    }

    @Override
    public void close() {
        closed = true;
        if (controllerThread != null) {
            controllerThread.interrupt();
            try {
                controllerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CuratorFramework c : clients) {
            if (c != null) {
                c.close();
            }
        }
        if (controller != null) {
            controller.close();
        }
    }
}
