package org.barrierlab.bench;

import java.util.List;
import java.util.Map;

/**
 * The raw outcome of one benchmark run: machine description, one measurement per competitor
 * and N on threads, and the separate-JVM measurements. {@link BenchReport} turns it into the
 * table, CSV and plots.
 *
 * <pre>{@code
 * BenchResults r = BenchRunner.run(config);
 * List<BenchRow> rows = BenchReport.rows(r);
 * }</pre>
 */
public final class BenchResults {

    final Map<String, String> machine;
    final List<Measurement> threads;
    final List<Measurement> jvms;
    final BenchConfig config;

    BenchResults(Map<String, String> machine, List<Measurement> threads, List<Measurement> jvms, BenchConfig config) {
        this.machine = new java.util.LinkedHashMap<>(machine);
        this.threads = List.copyOf(threads);
        this.jvms = List.copyOf(jvms);
        this.config = config;
    }

    /** The machine description (cores, JDK, ZooKeeper version, load...), in display order. */
    public Map<String, String> machine() {
        return java.util.Collections.unmodifiableMap(machine);
    }
}
