package org.barrierlab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code barrierlab bench} measures: participant counts, rounds, server shape, output.
 *
 * <pre>{@code
 * BenchConfig c = BenchConfig.quick(Path.of("docs/bench"));
 * }</pre>
 *
 * @param participants the N values (each >= 2), in order
 * @param rounds measured controlled rounds per N, or 0 for the default that shrinks with N
 * @param warmup unmeasured rounds before them
 * @param crossings back-to-back crossings for throughput per N, or 0 for the default
 * @param jvmParticipants N values for the separate-JVM run (empty: none)
 * @param ensemble true for the local 3-server ensemble, false for one in-process server
 * @param stepTimeoutMillis bound of every barrier call (a call that takes longer is a hang)
 * @param out output directory
 * @param plots whether to draw the PNG plots
 * @param members true to give our barriers their member list (a restricted barrier, as the
 *     course's scenarios use) instead of a party count; the competitors are count-based either way
 * @param passes how many passes share each N's rounds and crossings; every pass opens every
 *     contender afresh, in an order rotated by one per pass, so a disturbance of the machine (a GC
 *     pause, a ZooKeeper snapshot, a neighbour's burst) is spread over the contenders instead of
 *     landing on whichever one happened to run then
 * @param jitWarmup whether to run every contender once, unmeasured, before the first N, so the
 *     first N measured is not also the first time the JIT sees each contender's code
 */
public record BenchConfig(
        List<Integer> participants,
        int rounds,
        int warmup,
        int crossings,
        List<Integer> jvmParticipants,
        boolean ensemble,
        long stepTimeoutMillis,
        Path out,
        boolean plots,
        boolean members,
        int passes,
        boolean jitWarmup) {

    /** The full run's N values. */
    public static final List<Integer> FULL_PARTICIPANTS = List.of(2, 4, 8, 16, 32, 64, 128, 256);

    public BenchConfig {
        participants = List.copyOf(participants);
        jvmParticipants = List.copyOf(jvmParticipants);
        Objects.requireNonNull(out, "out");
        if (participants.isEmpty()) {
            throw new IllegalArgumentException("participants must name at least one N");
        }
        for (int n : participants) {
            if (n < 2 || n > 1024) {
                throw new IllegalArgumentException("participants must each be between 2 and 1024, was " + n);
            }
        }
        for (int n : jvmParticipants) {
            if (n < 2 || n > 64) {
                throw new IllegalArgumentException("JVM participants must each be between 2 and 64, was " + n);
            }
        }
        if (rounds < 0 || warmup < 0 || crossings < 0) {
            throw new IllegalArgumentException(
                    "rounds, warmup and crossings must be >= 0, were " + rounds + ", " + warmup + ", " + crossings);
        }
        if (passes < 1 || passes > 10) {
            throw new IllegalArgumentException("passes must be between 1 and 10, was " + passes);
        }
        if (stepTimeoutMillis < 100) {
            throw new IllegalArgumentException("step timeout must be >= 100 ms, was " + stepTimeoutMillis);
        }
    }

    /** Full run: N = 2..256 in 3 passes after a JIT warm-up, JVM run up to 16. */
    public static BenchConfig full(Path out) {
        return new BenchConfig(
                FULL_PARTICIPANTS, 0, 2, 0, List.of(2, 4, 8, 16), false, 5_000, out, true, false, 3, true);
    }

    /** Quick run (under 2 minutes on 2 cores): N = 2..16, few rounds, one pass, JVM run at 2 and 4. */
    public static BenchConfig quick(Path out) {
        return new BenchConfig(List.of(2, 4, 8, 16), 8, 2, 15, List.of(2, 4), false, 3_000, out, true, false, 1, false);
    }

    /** Measured controlled rounds at N over all passes: the given number, or by default fewer as N grows. */
    int roundsAt(int n) {
        if (rounds > 0) {
            return rounds;
        }
        // Many rounds where they are cheap: at N = 2 a round lasts about a millisecond, and a median of
        // 30 sub-millisecond latencies moved by 15 % between two runs of the same code
        return n <= 8 ? 150 : n <= 16 ? 90 : n <= 32 ? 60 : n <= 64 ? 30 : n <= 128 ? 21 : 15;
    }

    /** Back-to-back crossings at N over all passes. */
    int crossingsAt(int n) {
        if (crossings > 0) {
            return crossings;
        }
        return n <= 16 ? 600 : n <= 64 ? 150 : 45;
    }

    /** Measured controlled rounds of one pass at N (the total split over the passes, rounded up). */
    int roundsPerPass(int n) {
        return (roundsAt(n) + passes - 1) / passes;
    }

    /** Back-to-back crossings of one pass at N (the total split over the passes, rounded up, at least 5). */
    int crossingsPerPass(int n) {
        return Math.max(5, (crossingsAt(n) + passes - 1) / passes);
    }
}
