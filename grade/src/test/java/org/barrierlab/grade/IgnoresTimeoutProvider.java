package org.barrierlab.grade;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.BarrierSetup;
import org.barrierlab.spi.Capability;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;

/**
 * A deliberately broken plug-in for {@link CheckTimingTest}: its simple barrier ignores the
 * timeout and never returns, so only the grader's deadline can end the check.
 */
public final class IgnoresTimeoutProvider implements BarrierProvider {

    @Override
    public String name() {
        return "ignores-timeout";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    @Override
    public SimpleBarrier simpleBarrier(BarrierSetup setup) {
        return (timeout, unit) -> new CountDownLatch(1).await(); // the bug under test: an untimed wait
    }

    @Override
    public DoubleBarrier doubleBarrier(BarrierSetup setup) {
        throw new UnsupportedOperationException("simple barrier only");
    }
}
