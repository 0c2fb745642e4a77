package org.barrierlab.visualizer.support;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Bounded waits on conditions evaluated on the FX thread. */
public final class Fx {

    private Fx() {}

    /** Waits until {@code condition} (run on the FX thread) is true; fails with {@code what}. */
    public static void waitUntil(long seconds, String what, Callable<Boolean> condition) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                try {
                    // a loaded machine may keep the FX thread busy for a while: give it the whole budget
                    long left = Math.max(1, deadline - System.nanoTime());
                    return WaitForAsyncUtils.asyncFx(condition).get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } catch (TimeoutException e) {
                    return false;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for: " + what, e);
        }
    }

    /** Runs {@code action} on the FX thread and returns its result (bounded). */
    public static <T> T call(Callable<T> action) {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("FX action failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("FX action did not finish within 60 s", e);
        }
    }

    /** Runs {@code action} on the FX thread (bounded). */
    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
