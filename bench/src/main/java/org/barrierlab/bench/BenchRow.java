package org.barrierlab.bench;

import java.util.Locale;

/**
 * One line of {@code results.csv}: one implementation, kind and N. Null figures do not apply
 * (or could not be measured) and are written as empty cells.
 *
 * <pre>{@code
 * String line = row.toCsv();   // barrierlab,await,8,1.234,2.345,512.0,2.000,1.000,1.000,40.0
 * }</pre>
 */
public record BenchRow(
        String impl,
        String kind,
        int n,
        Double latencyMedianMs,
        Double latencyP99Ms,
        Double throughputPerS,
        Double requestsPerParticipant,
        Double notificationsPerParticipant,
        Double wakeupsPerWaiter,
        Double bytesReadPerParticipant) {

    /** The CSV header, exactly as issue 7 specifies. */
    public static final String CSV_HEADER = "impl,kind,n,latency_median_ms,latency_p99_ms,throughput_per_s,"
            + "requests_per_participant,notifications_per_participant,wakeups_per_waiter,bytes_read_per_participant";

    public String toCsv() {
        return String.join(
                ",",
                impl,
                kind,
                Integer.toString(n),
                fmt(latencyMedianMs, 3),
                fmt(latencyP99Ms, 3),
                fmt(throughputPerS, 1),
                fmt(requestsPerParticipant, 3),
                fmt(notificationsPerParticipant, 3),
                fmt(wakeupsPerWaiter, 3),
                fmt(bytesReadPerParticipant, 1));
    }

    static String fmt(Double v, int decimals) {
        return v == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
