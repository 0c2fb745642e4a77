package org.barrierlab.barrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one task per participant on its own thread and collects the results, bounded in time. */
final class Participants {

    interface Task<T> {
        T run(int i) throws Exception;
    }

    private Participants() {}

    static <T> List<T> run(int n, long timeoutSeconds, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.run(k)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            List<T> results = new ArrayList<>();
            ExecutionException first = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("participants did not finish within " + timeoutSeconds + " s (hang)");
                } catch (ExecutionException e) {
                    // report every participant's failure: the first one is often only a consequence
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("participant threads did not stop");
            }
        }
    }

    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("p" + i);
        }
        return ids;
    }
}
