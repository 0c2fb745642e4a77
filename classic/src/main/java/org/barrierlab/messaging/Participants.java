package org.barrierlab.messaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of participant ids used by the classic algorithms: by the number at the end of the
 * id ({@code p2 < p9 < p10}), then by the whole id. The bully election's "higher id" is this
 * order.
 *
 * <pre>{@code
 * List<String> sorted = Participants.sorted(List.of("p10", "p9", "p1")); // [p1, p9, p10]
 * boolean higher = Participants.ORDER.compare("p10", "p9") > 0;          // true
 * }</pre>
 */
public final class Participants {

    /** Orders ids by their trailing number, then lexicographically. */
    public static final Comparator<String> ORDER =
            Comparator.comparingLong(Participants::number).thenComparing(Comparator.naturalOrder());

    private Participants() {}

    /** A sorted copy. */
    public static List<String> sorted(List<String> ids) {
        List<String> out = new ArrayList<>(ids);
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** The trailing number of the id, or -1 when it has none. */
    public static long number(String id) {
        int i = id.length();
        while (i > 0 && Character.isDigit(id.charAt(i - 1))) {
            i--;
        }
        if (i == id.length() || id.length() - i > 18) {
            return -1;
        }
        return Long.parseLong(id.substring(i));
    }

    /** The highest id of the collection by {@link #ORDER}, or null when empty. */
    public static String highest(Iterable<String> ids) {
        String best = null;
        for (String id : ids) {
            if (best == null || ORDER.compare(id, best) > 0) {
                best = id;
            }
        }
        return best;
    }
}
