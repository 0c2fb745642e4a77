package org.barrierlab.runmodel.event;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * One recorded event of a run: the single event format shared by participants (which write
 * it), the launcher's verdict and the visualizer (which read it), and JSON-lines recordings.
 *
 * <p>Events are stored as sequential znodes under {@link RunLayout#events()}; {@link #zxid()}
 * is the creation zxid of that znode, which gives every event of a run ZooKeeper's own total
 * order. An event that has not been stored yet has {@code zxid == 0}.
 *
 * <p>Immutable and thread-safe. The field meanings are documented in {@code
 * docs/znode-layout.md}; the names of {@link #type()} values are in {@link EventType}.
 *
 * <pre>{@code
 * TraceEvent e = TraceEvent.of("p1", EventType.ARRIVE, "/barriers/all", 3)
 *         .with("index", "2");
 * String line = TraceJson.encode(e);
 * }</pre>
 *
 * @param zxid ZooKeeper creation zxid of the stored event, 0 if not stored
 * @param timeMillis wall-clock time of the event at the participant (for display only; order
 *     comes from {@code zxid})
 * @param participant participant id, e.g. {@code p1}
 * @param type event type, one of {@link EventType}'s names (lower case)
 * @param scope barrier path relative to the run root (e.g. {@code /barriers/outer}), or the
 *     algorithm name for classic-algorithm events, or empty
 * @param generation barrier generation, or -1 where it does not apply
 * @param attrs further string attributes, sorted by key
 */
public record TraceEvent(
        long zxid,
        long timeMillis,
        String participant,
        String type,
        String scope,
        long generation,
        Map<String, String> attrs) {

    public TraceEvent {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(attrs, "attrs");
        if (zxid < 0) {
            throw new IllegalArgumentException("zxid must be >= 0, was " + zxid);
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type must not be empty");
        }
        attrs = Collections.unmodifiableMap(new TreeMap<>(attrs));
    }

    /** A new, not yet stored event stamped with the current time. */
    public static TraceEvent of(String participant, EventType type, String scope, long generation) {
        return new TraceEvent(0, System.currentTimeMillis(), participant, type.wireName(), scope, generation, Map.of());
    }

    /** This event with one more attribute (replacing an attribute of the same key). */
    public TraceEvent with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new TreeMap<>(attrs);
        copy.put(key, value);
        return new TraceEvent(zxid, timeMillis, participant, type, scope, generation, copy);
    }

    /** This event as stored, with ZooKeeper's creation zxid. */
    public TraceEvent withZxid(long storedZxid) {
        return new TraceEvent(storedZxid, timeMillis, participant, type, scope, generation, attrs);
    }

    /** The attribute, or {@code null} when absent. */
    public String attr(String key) {
        return attrs.get(key);
    }

    /** True if {@link #type()} is the given type. */
    public boolean is(EventType t) {
        return type.equals(t.wireName());
    }
}
