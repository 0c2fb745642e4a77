package org.barrierlab.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");

    @Test
    void requestResponseStampsClocksAndSatisfiesTheClockCondition() throws Exception {
        try (InMemoryNetwork net = new InMemoryNetwork(7, InMemoryNetwork.Order.SHUFFLED, 5)) {
            ListSink sink = new ListSink();
            Endpoint a = new Endpoint(net.transport("p1"), IDS, sink);
            Endpoint b = new Endpoint(net.transport("p2"), IDS, sink);
            b.on("clock", "CALL", m -> b.reply(m, "ANSWER", Map.of("value", "42")));
            a.start();
            b.start();
            for (int i = 0; i < 5; i++) {
                b.local("clock", "busy"); // b's clock runs ahead
            }
            Message answer = a.call("p2", "clock", "CALL", Map.of(), 2, TimeUnit.SECONDS);
            assertEquals("42", answer.get("value"));
            assertTrue(a.clock().time() > answer.clock(), "receive must be max(local, stamp) + 1");
            assertEquals(ClassicVerdicts.checkClock(sink.events()), java.util.Optional.empty());
            a.close();
            b.close();
        }
    }

    @Test
    void requestToADeadParticipantTimesOutAndSendingDoesNotFail() throws Exception {
        try (InMemoryNetwork net = InMemoryNetwork.fifo()) {
            ListSink sink = new ListSink();
            Endpoint a = new Endpoint(net.transport("p1"), IDS, sink);
            a.start();
            a.send("p3", "clock", "CALL", Map.of()); // p3 never started: no error
            long t0 = System.nanoTime();
            assertThrows(
                    TimeoutException.class, () -> a.call("p3", "clock", "CALL", Map.of(), 100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
            a.close();
        }
    }

    @Test
    void badInputIsDroppedWithoutCrashing() throws Exception {
        try (InMemoryNetwork net = InMemoryNetwork.fifo()) {
            ListSink sink = new ListSink();
            Endpoint b = new Endpoint(net.transport("p2"), IDS, sink);
            List<Message> handled = new CopyOnWriteArrayList<>();
            b.on("clock", "CALL", handled::add);
            b.on("clock", "BOOM", m -> {
                throw new IllegalStateException("handler bug");
            });
            b.start();
            net.injectRaw("p2", "garbage".getBytes(StandardCharsets.UTF_8));
            net.injectRaw("p2", new Message("x-1", "p2", "p2", "clock", "NOPE", 1, "", Map.of()).encode());
            net.injectRaw("p2", new Message("x-2", "mallory", "p2", "clock", "CALL", 1, "", Map.of()).encode());
            net.injectRaw("p2", new Message("x-3", "p1", "p3", "clock", "CALL", 1, "", Map.of()).encode());
            net.injectRaw(
                    "p2", new Message("x-4", "p1", "p2", "clock", "ANSWER", 1, "nobody-asked", Map.of()).encode());
            net.injectRaw("p2", new Message("x-5", "p1", "p2", "clock", "BOOM", 1, "", Map.of()).encode());
            net.injectRaw("p2", new Message("x-6", "p1", "p2", "clock", "CALL", 9, "", Map.of()).encode());
            Await.until(Duration.ofSeconds(5), () -> handled.size() == 1, () -> "the good message after bad ones");
            assertEquals("x-6", handled.get(0).id());
            assertTrue(b.clock().time() >= 10, "the good message (stamp 9) updated the clock: " + b.clock());
            List<TraceEvent> drops =
                    sink.events().stream().filter(e -> e.is(EventType.DROP)).toList();
            assertEquals(4, drops.size(), "garbage, unknown kind, unknown sender, wrong receiver: " + drops);
            b.close();
        }
    }
}
