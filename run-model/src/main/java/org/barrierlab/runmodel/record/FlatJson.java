package org.barrierlab.runmodel.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON subset Barrier Lab writes into znodes: objects whose values are strings,
 * integers ({@code long}) or nested objects. Used by {@link TraceJson} (trace events) and by
 * the classic algorithms' mailbox messages, so there is one strict parser, not one per format.
 * Hand-written so barrier-lib depends on ZooKeeper and SLF4J only.
 *
 * <pre>{@code
 * Map<String, Object> obj = FlatJson.parseObject("{\"k\":\"v\",\"n\":3}", "message");
 * }</pre>
 *
 * <p>Anything else (arrays, floats, booleans, null, duplicate keys, trailing characters) is
 * rejected with an {@link IllegalArgumentException} of the form {@code malformed <what> at
 * column <n>: <problem>}.
 */
public final class FlatJson {

    private FlatJson() {}

    /**
     * Parses one object.
     *
     * @param what what the text is, for error messages ({@code "trace event"}, {@code "JSON"})
     * @return keys in document order; values are {@code String}, {@code Long} or {@code Map}
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Map<String, Object> parseObject(String text, String what) {
        Parser p = new Parser(text, what);
        Map<String, Object> obj = p.object();
        p.end();
        return obj;
    }

    /** Appends an object of string values. */
    public static void writeObject(StringBuilder sb, Map<String, String> map) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        sb.append('}');
    }

    /** Appends a JSON string literal. */
    public static void quote(StringBuilder sb, String s) {
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

    /** A strict recursive-descent parser for objects, strings and integers. */
    private static final class Parser {
        private final String s;
        private int i;

        private final String what;

        Parser(String s, String what) {
            if (s == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            this.s = s;
            this.what = what;
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

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("malformed " + this.what + " at column " + (i + 1) + ": " + problem);
        }
    }
}
