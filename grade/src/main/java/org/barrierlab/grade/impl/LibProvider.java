package org.barrierlab.grade.impl;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.Capability;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;

/**
 * Built-in {@code lib}: barrier-lib's {@link ZkBarrier} and {@link ZkDoubleBarrier}, nested
 * barriers through the outer handle's {@code innerBarrier}/{@code innerDoubleBarrier} builders.
 */
public final class LibProvider implements BarrierProvider {

    @Override
    public String name() {
        return "lib";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public SimpleBarrier simpleBarrier(BarrierSetup s) {
        ZkBarrier.Builder b = s.outer()
                .map(o -> ((LibDouble) o).handle.innerBarrier(s.name()))
                .orElseGet(() -> ZkBarrier.builder(s.zooKeeper(), s.path()));
        if (s.restricted()) {
            b.members(s.members());
        } else {
            b.parties(s.parties());
        }
        ZkBarrier barrier = b.participantId(s.participantId()).build();
        return new SimpleBarrier() {
            @Override
            public void await(long timeout, TimeUnit unit)
                    throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException {
                barrier.await(timeout, unit);
            }

            @Override
            public void close() {
                barrier.close();
            }
        };
    }

    @Override
    public DoubleBarrier doubleBarrier(BarrierSetup s) {
        ZkDoubleBarrier.Builder b = s.outer()
                .map(o -> ((LibDouble) o).handle.innerDoubleBarrier(s.name()))
                .orElseGet(() -> ZkDoubleBarrier.builder(s.zooKeeper(), s.path()));
        if (s.restricted()) {
            b.members(s.members());
        } else {
            b.parties(s.parties());
        }
        return new LibDouble(b.participantId(s.participantId()).build());
    }

    /** Our handle, kept so that nested barriers can be built from it. */
    private static final class LibDouble implements DoubleBarrier {
        private final ZkDoubleBarrier handle;

        LibDouble(ZkDoubleBarrier handle) {
            this.handle = handle;
        }

        @Override
        public void enter(long timeout, TimeUnit unit)
                throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException {
            handle.enter(timeout, unit);
        }

        @Override
        public void leave(long timeout, TimeUnit unit)
                throws KeeperException, InterruptedException, TimeoutException, BrokenBarrierException {
            handle.leave(timeout, unit);
        }

        @Override
        public void close() {
            handle.close();
        }
    }
}
