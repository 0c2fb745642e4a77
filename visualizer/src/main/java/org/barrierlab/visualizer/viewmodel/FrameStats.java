package org.barrierlab.visualizer.viewmodel;

import java.util.Arrays;

/**
 * Frame rate and event-to-screen latency of the view, measured on the FX thread at every pulse:
 * a frame is a pulse in which the view changed something on screen (a pulse that drew nothing
 * renders nothing and is counted only as a pulse); the latency of an event is the time from when
 * its writer stamped it ({@code t}, wall clock) to the start of the second pulse after the one
 * that applied it: each pulse waits for the renderer to finish the previous frame before it hands
 * over its own, so by then the frame showing the event has been rendered (an upper bound, by at
 * most one pulse). Not thread-safe: FX thread only; read a {@link #snapshot()} elsewhere.
 *
 * <pre>{@code
 * FrameStats.Snapshot s = stats.snapshot();
 * System.err.printf("%.1f fps, p95 %d ms%n", s.fps(), s.latencyP95Millis());
 * }</pre>
 */
public final class FrameStats {

    private static final int WINDOW = 4096;

    private long firstFrameNanos = -1;
    private long lastFrameNanos;
    private long frames;
    private long pulses;
    private long maxGapNanos;
    private final long[] latencies = new long[WINDOW];
    private int latencyCount;
    private long latencyTotal;
    private final long[] arrivals = new long[WINDOW];
    private long arrivalTotal;
    private long workNanos;

    /** Records time spent in the pulse handler (draining, reducing, laying out the view). */
    public void work(long nanos) {
        workNanos += nanos;
    }

    /**
     * Summary numbers: {@code fps}, frames that drew something per second; {@code pulses}, all
     * pulses in the same time, drawing or not.
     */
    public record Snapshot(
            double fps,
            long frames,
            long pulses,
            double maxFrameGapMillis,
            long latencyP50Millis,
            long latencyP95Millis,
            long latencyMaxMillis,
            long latencySamples,
            long arrivalP50Millis,
            long arrivalP95Millis,
            double handlerMillisPerFrame) {}

    /** Records one pulse at {@code nowNanos}; {@code drew}: it changed something on screen. */
    public void pulse(long nowNanos, boolean drew) {
        pulses++;
        if (!drew) {
            return;
        }
        if (firstFrameNanos < 0) {
            firstFrameNanos = nowNanos;
        } else {
            maxGapNanos = Math.max(maxGapNanos, nowNanos - lastFrameNanos);
        }
        lastFrameNanos = nowNanos;
        frames++;
    }

    /** Records the on-screen latency of one event. */
    public void latency(long millis) {
        latencies[(int) (latencyTotal % WINDOW)] = Math.max(0, millis);
        latencyTotal++;
        latencyCount = (int) Math.min(WINDOW, latencyTotal);
    }

    /**
     * Records how long one event took from its writer to the pulse that applied it (the source's
     * share of the event-to-screen latency; the rest is drawing and rendering).
     */
    public void arrival(long millis) {
        arrivals[(int) (arrivalTotal % WINDOW)] = Math.max(0, millis);
        arrivalTotal++;
    }

    /** Forgets everything (e.g. after a warm-up). */
    public void reset() {
        firstFrameNanos = -1;
        frames = 0;
        pulses = 0;
        maxGapNanos = 0;
        latencyCount = 0;
        latencyTotal = 0;
        arrivalTotal = 0;
        workNanos = 0;
    }

    public Snapshot snapshot() {
        double seconds = frames > 1 ? (lastFrameNanos - firstFrameNanos) / 1e9 : 0;
        double fps = seconds > 0 ? (frames - 1) / seconds : 0;
        long[] l = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(l);
        long[] a = Arrays.copyOf(arrivals, (int) Math.min(WINDOW, arrivalTotal));
        Arrays.sort(a);
        return new Snapshot(
                fps,
                frames,
                pulses,
                maxGapNanos / 1e6,
                percentile(l, 0.50),
                percentile(l, 0.95),
                l.length == 0 ? 0 : l[l.length - 1],
                latencyTotal,
                percentile(a, 0.50),
                percentile(a, 0.95),
                pulses == 0 ? 0 : workNanos / 1e6 / pulses);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
