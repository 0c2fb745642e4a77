package org.barrierlab.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.barrierlab.runmodel.record.FlatJson;

/**
 * One message of the classic algorithms, as stored in a receiver's mailbox znode (its data is
 * {@link #encode()}, one line of JSON; see "Messaging" in {@code docs/znode-layout.md}).
 *
 * <p>Immutable. {@link #decode(byte[])} accepts exactly the encoded shape and throws {@link
 * IllegalArgumentException} naming the problem for anything else, so a malformed mailbox node
 * is dropped by the receiver instead of crashing it.
 *
 * <pre>{@code
 * Message m = new Message("p1-9f3a-4", "p1", "p3", "election", "ELECTION", 17, "", Map.of());
 * byte[] data = m.encode();
 * Message back = Message.decode(data);
 * }</pre>
 *
 * @param id unique message id ({@code <sender>-<incarnation>-<counter>})
 * @param from sender participant id
 * @param to receiver participant id
 * @param algo the algorithm the message belongs to ({@code clock}, {@code election}, {@code
 *     mutex}); it is the trace scope of the send and receive events
 * @param kind message type within the algorithm, e.g. {@code ELECTION}, {@code GRANT}
 * @param clock the sender's Lamport clock at the send event
 * @param replyTo id of the request this message answers, or empty for a request or one-way
 *     message
 * @param body further string fields, sorted by key
 */
public record Message(
        String id,
        String from,
        String to,
        String algo,
        String kind,
        long clock,
        String replyTo,
        Map<String, String> body) {

    /** Current version of the wire format (the {@code v} field). */
    public static final int VERSION = 1;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(body, "body");
        if (id.isEmpty() || from.isEmpty() || to.isEmpty() || kind.isEmpty()) {
            throw new IllegalArgumentException("message id, from, to and kind must not be empty, was id='" + id
                    + "' from='" + from + "' to='" + to + "' kind='" + kind + "'");
        }
        if (clock < 0) {
            throw new IllegalArgumentException("message clock must be >= 0, was " + clock);
        }
        body = Collections.unmodifiableMap(new TreeMap<>(body));
    }

    /** True if this message answers a request ({@link #replyTo()} is not empty). */
    public boolean isReply() {
        return !replyTo.isEmpty();
    }

    /** The body field, or {@code null} when absent. */
    public String get(String key) {
        return body.get(key);
    }

    /** The wire form: one line of UTF-8 JSON. */
    public byte[] encode() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("v", VERSION);
        obj.put("id", id);
        obj.put("from", from);
        obj.put("to", to);
        obj.put("algo", algo);
        obj.put("kind", kind);
        obj.put("clock", clock);
        obj.put("re", replyTo);
        obj.put("body", body);
        return FlatJson.write(obj).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a mailbox node's data.
     *
     * @throws IllegalArgumentException if the data is not a message of this format, naming why
     */
    public static Message decode(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("message data must not be null");
        }
        Map<String, Object> obj = FlatJson.parseObject(new String(data, StandardCharsets.UTF_8), "JSON");
        Object v = obj.get("v");
        if (!(v instanceof Long) || (Long) v != VERSION) {
            throw new IllegalArgumentException("message field 'v' must be " + VERSION + ", was " + v);
        }
        Object clock = obj.get("clock");
        if (!(clock instanceof Long)) {
            throw new IllegalArgumentException("message field 'clock' must be an integer, was " + clock);
        }
        Object body = obj.getOrDefault("body", Map.of());
        if (!(body instanceof Map)) {
            throw new IllegalArgumentException("message field 'body' must be an object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) body).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new IllegalArgumentException("message body field '" + e.getKey() + "' must be a string");
            }
            fields.put((String) e.getKey(), (String) e.getValue());
        }
        return new Message(
                string(obj, "id"),
                string(obj, "from"),
                string(obj, "to"),
                string(obj, "algo"),
                string(obj, "kind"),
                (Long) clock,
                obj.containsKey("re") ? string(obj, "re") : "",
                fields);
    }

    private static String string(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("message field '" + key + "' is missing or not a string");
        }
        return (String) v;
    }
}
