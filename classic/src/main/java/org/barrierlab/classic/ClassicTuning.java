package org.barrierlab.classic;

import java.time.Duration;
import java.util.Objects;
import org.barrierlab.election.BullyElection;
import org.barrierlab.mutex.CentralizedMutex;

/**
 * Timeouts and periods of the classic scenarios. {@link #defaults(double)} is what the launcher
 * gets; tests pass shorter ones. Failure-detection timeouts are not scaled by speed (a slow
 * network is not faster at speed 2); the health-check period and the story's pauses are.
 *
 * <pre>{@code
 * ClassicTuning t = ClassicTuning.defaults(ctx.speed());
 * }</pre>
 *
 * @param election the bully election's timing
 * @param mutex the mutex coordinator's timing
 * @param callTimeout how long the clock story waits for a peer's answer
 * @param startWait how long a participant waits for all others to be present before starting
 * @param thinkMillis upper bound of a random think time (already scaled)
 * @param holdMillis upper bound of a random critical-section time (already scaled)
 */
public record ClassicTuning(
        BullyElection.Timing election,
        CentralizedMutex.Timing mutex,
        Duration callTimeout,
        Duration startWait,
        long thinkMillis,
        long holdMillis) {

    public ClassicTuning {
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(mutex, "mutex");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(startWait, "startWait");
        if (thinkMillis < 1 || holdMillis < 1) {
            throw new IllegalArgumentException(
                    "thinkMillis and holdMillis must be >= 1, were " + thinkMillis + " and " + holdMillis);
        }
    }

    /** Timeouts of about a second; period, think and hold times divided by {@code speed}. */
    public static ClassicTuning defaults(double speed) {
        long period = Math.max(200, Math.round(1000 / speed));
        return new ClassicTuning(
                new BullyElection.Timing(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(period), Duration.ofSeconds(1)),
                CentralizedMutex.Timing.defaults(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                Math.max(1, Math.round(1200 / speed)),
                Math.max(1, Math.round(600 / speed)));
    }
}
