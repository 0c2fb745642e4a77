package org.barrierlab.runmodel.record;

import java.util.LinkedHashMap;
import java.util.Map;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The one serialized form of a {@link TraceEvent}: a single-line JSON object, used both as the
 * data of event znodes and as one line of a JSON-lines recording ({@code --record FILE}).
 *
 * <pre>{@code
 * {"zxid":4294967302,"t":1732291200123,"p":"p1","type":"arrive","scope":"/barriers/all","gen":3,"attrs":{"index":"2"}}
 * }</pre>
 *
 * <p>Read and written through {@link FlatJson} (jackson-jr). The reader accepts exactly this shape
 * (any key order, any whitespace, standard string escapes), so recordings written before the
 * switch to jackson-jr read the same, and rejects anything else with an {@link
 * IllegalArgumentException} naming the problem.
 */
public final class TraceJson {

    private TraceJson() {}

    /** Encodes the event as one line of JSON (no trailing newline). */
    public static String encode(TraceEvent e) {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("zxid", e.zxid());
        obj.put("t", e.timeMillis());
        obj.put("p", e.participant());
        obj.put("type", e.type());
        obj.put("scope", e.scope());
        obj.put("gen", e.generation());
        obj.put("attrs", e.attrs());
        return FlatJson.write(obj);
    }

    /**
     * Decodes one line produced by {@link #encode}.
     *
     * @throws IllegalArgumentException if the line is not a trace event, naming what is wrong
     */
    public static TraceEvent decode(String line) {
        Map<String, Object> obj = FlatJson.parseObject(line, "trace event");
        long zxid = number(obj, "zxid", 0);
        long t = number(obj, "t", 0);
        String participant = string(obj, "p");
        String type = string(obj, "type");
        Object scopeValue = obj.getOrDefault("scope", "");
        if (!(scopeValue instanceof String)) {
            throw new IllegalArgumentException("trace event field 'scope' must be a string");
        }
        long gen = number(obj, "gen", -1);
        Object attrsValue = obj.getOrDefault("attrs", Map.of());
        if (!(attrsValue instanceof Map)) {
            throw new IllegalArgumentException("trace event field 'attrs' must be an object");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> a : ((Map<?, ?>) attrsValue).entrySet()) {
            if (!(a.getValue() instanceof String)) {
                throw new IllegalArgumentException("trace event attribute '" + a.getKey() + "' must be a string");
            }
            attrs.put((String) a.getKey(), (String) a.getValue());
        }
        return new TraceEvent(zxid, t, participant, type, (String) scopeValue, gen, attrs);
    }

    private static long number(Map<String, Object> obj, String key, long absent) {
        Object v = obj.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Long)) {
            throw new IllegalArgumentException("trace event field '" + key + "' must be an integer");
        }
        return (Long) v;
    }

    private static String string(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("trace event field '" + key + "' is missing or not a string");
        }
        return (String) v;
    }
}
