package org.barrierlab.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one serialized form of a {@link TraceEvent}: a single-line JSON object, used both as the
 * data of event znodes and as one line of a JSON-lines recording ({@code --record FILE}).
 *
 * <pre>{@code
 * {"zxid":4294967302,"t":1732291200123,"p":"p1","type":"arrive","scope":"/barriers/all","gen":3,"attrs":{"index":"2"}}
 * }</pre>
 *
 * <p>Written by hand rather than with a JSON library so that barrier-lib keeps no dependency
 * besides ZooKeeper and SLF4J. The parser accepts exactly this shape (any key order, any
 * whitespace, standard string escapes) and rejects anything else with an {@link
 * IllegalArgumentException} naming the problem.
 */
public final class TraceJson {

    private TraceJson() {}

    /** Encodes the event as one line of JSON (no trailing newline). */
    public static String encode(TraceEvent e) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"zxid\":").append(e.zxid());
        sb.append(",\"t\":").append(e.timeMillis());
        sb.append(",\"p\":");
        quote(sb, e.participant());
        sb.append(",\"type\":");
        quote(sb, e.type());
        sb.append(",\"scope\":");
        quote(sb, e.scope());
        sb.append(",\"gen\":").append(e.generation());
        sb.append(",\"attrs\":{");
        boolean first = true;
        for (Map.Entry<String, String> a : e.attrs().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, a.getKey());
            sb.append(':');
            quote(sb, a.getValue());
        }
        return sb.append("}}").toString();
    }

    /**
     * Decodes one line produced by {@link #encode}.
     *
     * @throws IllegalArgumentException if the line is not a trace event, naming what is wrong
     */
    public static TraceEvent decode(String line) {
        Parser p = new Parser(line);
        Map<String, Object> obj = p.object();
        p.end();
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

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A strict parser for the subset used here: objects, strings and integers. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            if (s == null) {
                throw new IllegalArgumentException("trace event line must not be null");
            }
            this.s = s;
        }

        Map<String, Object> object() {
            skip();
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                int keyAt = i;
                String key = string();
                skip();
                expect(':');
                skip();
                char c = peek();
                Object value;
                if (c == '"') {
                    value = string();
                } else if (c == '{') {
                    value = object();
                } else {
                    value = integer();
                }
                if (m.put(key, value) != null) {
                    i = keyAt;
                    throw error("duplicate key '" + key + "'");
                }
                skip();
                char sep = next();
                if (sep == '}') {
                    return m;
                }
                if (sep != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char esc = next();
                switch (esc) {
                    case '"', '\\', '/' -> sb.append(esc);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape '\\" + esc + "'");
                }
            }
        }

        Long integer() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            String digits = s.substring(start, i);
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("expected a string, an object or an integer");
            }
        }

        void end() {
            skip();
            if (i != s.length()) {
                throw error("trailing characters");
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end of line");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                i--;
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed trace event at column " + (i + 1) + ": " + what);
        }
    }
}
