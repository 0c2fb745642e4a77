package org.barrierlab.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTest {

    @Test
    void roundTripsThroughTheWireFormat() {
        Message m = new Message(
                "p1-a-7",
                "p1",
                "p3",
                "mutex",
                "GRANT",
                42,
                "p3-b-2",
                Map.of("request", "p3-b-r1", "text", "quote \" backslash \\ newline \n é"));
        Message back = Message.decode(m.encode());
        assertEquals(m, back);
        assertTrue(back.isReply());
        assertEquals("p3-b-r1", back.get("request"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{}",
                "{\"v\":2,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":1}",
                "{\"v\":1,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":\"one\"}",
                "{\"v\":1,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":-5}",
                "{\"v\":1,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"\",\"clock\":1}",
                "{\"v\":1,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":1,\"body\":{\"k\":1}}",
                "{\"v\":1,\"id\":\"a\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":1} trailing",
                "{\"v\":1,\"id\":\"a\",\"id\":\"b\",\"from\":\"p1\",\"to\":\"p2\",\"algo\":\"x\",\"kind\":\"K\",\"clock\":1}"
            })
    void rejectsMalformedData(String data) {
        assertThrows(IllegalArgumentException.class, () -> Message.decode(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void participantsAreOrderedByNumber() {
        assertTrue(Participants.ORDER.compare("p10", "p9") > 0);
        assertEquals("p10", Participants.highest(java.util.List.of("p9", "p10", "p2")));
        assertEquals(java.util.List.of("p1", "p2", "p10"), Participants.sorted(java.util.List.of("p10", "p2", "p1")));
    }
}
