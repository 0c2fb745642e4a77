package org.barrierlab.runmodel.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.junit.jupiter.api.Test;

class TraceJsonTest {

    @Test
    void roundTripsEveryFieldIncludingEscapes() {
        TraceEvent e = new TraceEvent(
                42L,
                1732291200123L,
                "p1",
                "note",
                "/barriers/all",
                3,
                Map.of("text", "a \"quoted\"\\ line\n\tü\u0001"));
        TraceEvent back = TraceJson.decode(TraceJson.encode(e));
        assertEquals(e, back);
    }

    @Test
    void encodesTheDocumentedShape() {
        TraceEvent e = new TraceEvent(7, 100, "p2", "arrive", "/barriers/b", 0, Map.of("index", "1"));
        assertEquals(
                "{\"zxid\":7,\"t\":100,\"p\":\"p2\",\"type\":\"arrive\",\"scope\":\"/barriers/b\",\"gen\":0,"
                        + "\"attrs\":{\"index\":\"1\"}}",
                TraceJson.encode(e));
    }

    @Test
    void acceptsAnyKeyOrderAndWhitespaceAndDefaultsOptionalFields() {
        TraceEvent e = TraceJson.decode(" { \"type\" : \"pass\" , \"p\":\"p3\" } ");
        assertEquals("pass", e.type());
        assertEquals("p3", e.participant());
        assertEquals("", e.scope());
        assertEquals(-1, e.generation());
        assertEquals(0, e.zxid());
    }

    @Test
    void rejectsMalformedLinesNamingTheProblem() {
        assertMessage("{\"p\":\"p1\"}", "trace event field 'type' is missing or not a string");
        assertMessage("{\"p\":\"p1\",\"type\":\"x\",\"gen\":\"3\"}", "trace event field 'gen' must be an integer");
        assertMessage("{\"p\":\"p1\",\"type\":\"x\"} x", "malformed trace event at column 23: trailing characters");
        assertMessage(
                "{\"p\":\"p1\",\"type\":\"x\",\"attrs\":{\"k\":1}}", "trace event attribute 'k' must be a string");
        assertMessage(
                "{\"p\":\"p1\",\"p\":\"p2\",\"type\":\"x\"}", "malformed trace event at column 11: duplicate key 'p'");
        assertMessage("not json", "malformed trace event at column 1: expected '{'");
    }

    @Test
    void readsRecordingsOfTheHandWrittenEncoderAndRejectsWhatItWronglyAccepted() {
        // The pre-jackson encoder wrote control characters as lower-case \\u escapes.
        TraceEvent old = TraceJson.decode("{\"zxid\":1,\"t\":2,\"p\":\"p1\",\"type\":\"note\",\"scope\":\"\","
                + "\"gen\":-1,\"attrs\":{\"text\":\"a\\u0001\\n\u00fc\"}}");
        assertEquals("a\u0001\n\u00fc", old.attrs().get("text"));
        IllegalArgumentException raw = assertThrows(
                IllegalArgumentException.class, () -> TraceJson.decode("{\"p\":\"p\u0001\",\"type\":\"x\"}"));
        assertTrue(raw.getMessage().startsWith("malformed trace event at column "), raw.getMessage());
        IllegalArgumentException digit = assertThrows(
                IllegalArgumentException.class, () -> TraceJson.decode("{\"p\":\"p1\",\"type\":\"x\",\"gen\":\u0663}"));
        assertTrue(digit.getMessage().startsWith("malformed trace event at column "), digit.getMessage());
    }

    @Test
    void eventTypesHaveStableWireNames() {
        assertEquals("run-start", EventType.RUN_START.wireName());
        assertEquals(EventType.STEP_WAIT, EventType.fromWireName("step-wait").orElseThrow());
        assertTrue(EventType.fromWireName("from-the-future").isEmpty(), "unknown types are ignored, not errors");
    }

    @Test
    void runLayoutValidatesNamesAndBuildsTheDocumentedPaths() {
        RunLayout run = RunLayout.of("r-1");
        assertEquals("/barrierlab/runs/r-1/barriers/all", run.barrier("all"));
        assertEquals("/barriers/all", run.relative(run.barrier("all")));
        assertEquals("/barrierlab/runs/r-1/mailboxes/p1", run.mailbox("p1"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RunLayout.of("a/b"));
        assertEquals(
                "run id must be 1-64 characters of letters, digits, '.', '_' or '-' starting with a letter or digit,"
                        + " was 'a/b'",
                bad.getMessage());
    }

    private static void assertMessage(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceJson.decode(line));
        assertEquals(message, e.getMessage());
    }
}
