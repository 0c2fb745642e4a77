package org.barrierlab.runmodel.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one JSON subset Barrier Lab writes into znodes: objects whose values are strings,
 * integers ({@code long}) or nested objects. Used by {@link TraceJson} (trace events) and by
 * the classic algorithms' mailbox messages, so there is one strict reader, not one per format.
 * Reading and writing are jackson-jr's; this class adds the strictness the formats promise.
 *
 * <pre>{@code
 * Map<String, Object> obj = FlatJson.parseObject("{\"k\":\"v\",\"n\":3}", "message");
 * String line = FlatJson.write(obj);
 * }</pre>
 *
 * <p>Anything else (arrays, floats, booleans, null, duplicate keys, raw control characters in
 * strings, trailing characters) is rejected with an {@link IllegalArgumentException} of the form
 * {@code malformed <what> at column <n>: <problem>} (or {@code malformed <what>: <problem>} when
 * the problem is a value's type rather than a place in the text).
 */
public final class FlatJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JSON JSON_JR = JSON.builder(FACTORY).build();

    private FlatJson() {}

    /**
     * Parses one object.
     *
     * @param what what the text is, for error messages ({@code "trace event"}, {@code "JSON"})
     * @return keys in document order; values are {@code String}, {@code Long} or {@code Map}
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Map<String, Object> parseObject(String text, String what) {
        Objects.requireNonNull(text, "text");
        int start = firstNonBlank(text, 0);
        if (start >= text.length() || text.charAt(start) != '{') {
            throw malformed(what, start + 1, "expected '{'");
        }
        Map<String, Object> raw;
        int end;
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                raw = JSON_JR.mapFrom(p);
            } catch (JsonProcessingException e) {
                int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
                if (e.getOriginalMessage().startsWith("Duplicate")) {
                    // Point at the repeated key itself, as for every other problem.
                    String name = p.currentName();
                    int offset = e.getLocation() == null
                            ? text.length()
                            : (int) e.getLocation().getCharOffset();
                    int at = text.lastIndexOf('"' + name + '"', Math.max(0, offset));
                    throw malformed(what, at < 0 ? column : at + 1, "duplicate key '" + name + "'");
                }
                throw malformed(what, column, firstLine(e.getOriginalMessage()));
            }
            end = (int) p.currentLocation().getCharOffset();
        } catch (IOException e) {
            // A String source cannot fail to read; anything else is a parse problem reported above.
            throw new UncheckedIOException(e);
        }
        int rest = firstNonBlank(text, end);
        if (rest < text.length()) {
            throw malformed(what, rest + 1, "trailing characters");
        }
        return checked(raw, what);
    }

    /** Writes an object (values: strings, integers, nested such objects) as one line of JSON. */
    public static String write(Map<String, ?> object) {
        try {
            return JSON_JR.asString(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + object.keySet() + " as JSON", e);
        }
    }

    private static Map<String, Object> checked(Map<String, Object> raw, String what) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String) {
                out.put(e.getKey(), v);
            } else if (v instanceof Integer || v instanceof Long) {
                out.put(e.getKey(), ((Number) v).longValue());
            } else if (v instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) v;
                out.put(e.getKey(), checked(nested, what));
            } else {
                throw new IllegalArgumentException("malformed " + what + ": value of '" + e.getKey()
                        + "' must be a string, an integer in the long range or an object, was " + v);
            }
        }
        return out;
    }

    private static int firstNonBlank(String text, int from) {
        int i = Math.max(0, from);
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static IllegalArgumentException malformed(String what, int column, String problem) {
        return new IllegalArgumentException("malformed " + what + " at column " + column + ": " + problem);
    }
}
