package org.barrierlab.classic;

import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceRecorder;

/**
 * What a participant JVM hands to a classic-algorithm scenario ({@link ClockScenario}, {@link
 * LeaderScenario}, {@link MutexScenario}): its ZooKeeper session, the run, its id, all
 * participant ids, the trace recorder and the story's parameters.
 *
 * <pre>{@code
 * ClassicContext ctx = new ClassicContext(zk, RunLayout.of("r1"), "p2", List.of("p1", "p2", "p3"),
 *         new ZkTraceRecorder(zk, run), 1.0, 42L, 5);
 * LeaderScenario.run(ctx, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
 * }</pre>
 *
 * @param zk the participant's own ZooKeeper session
 * @param run the run's namespace
 * @param self this participant's id, one of {@code participants}
 * @param participants all participant ids, {@code p1..pN}
 * @param trace the recorder of the run's trace
 * @param speed scales think and hold times: 2.0 is twice as fast; must be &gt; 0
 * @param seed seed of the story's randomness (mixed with {@code self})
 * @param rounds rounds of the story (calls, health-check periods, mutex requests); &gt;= 1
 */
public record ClassicContext(
        ZooKeeper zk,
        RunLayout run,
        String self,
        List<String> participants,
        ZkTraceRecorder trace,
        double speed,
        long seed,
        int rounds) {

    public ClassicContext {
        Objects.requireNonNull(zk, "zk");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(trace, "trace");
        participants = List.copyOf(Objects.requireNonNull(participants, "participants"));
        if (!participants.contains(self)) {
            throw new IllegalArgumentException(
                    "self must be one of the participants " + participants + ", was " + self);
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
    }
}
