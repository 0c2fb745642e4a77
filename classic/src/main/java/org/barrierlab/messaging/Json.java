package org.barrierlab.messaging;

import java.util.Map;
import org.barrierlab.runmodel.record.FlatJson;

/**
 * The small JSON subset of mailbox messages and presence data: objects whose values are
 * strings, integers or nested objects. One strict parser serves the whole library ({@link
 * FlatJson}); malformed data is rejected with an {@link IllegalArgumentException}.
 */
final class Json {

    private Json() {}

    static void writeObject(StringBuilder sb, Map<String, String> map) {
        FlatJson.writeObject(sb, map);
    }

    static void quote(StringBuilder sb, String s) {
        FlatJson.quote(sb, s);
    }

    static Map<String, Object> parseObject(String text) {
        return FlatJson.parseObject(text, "JSON");
    }
}
