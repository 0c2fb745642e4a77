package org.barrierlab.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LamportClockTest {

    @Test
    void localSendAndReceiveFollowLamportsRules() {
        LamportClock c = new LamportClock();
        assertEquals(0, c.time());
        assertEquals(1, c.tick());
        assertEquals(2, c.send());
        assertEquals(11, c.receive(10), "receive = max(local, received) + 1");
        assertEquals(12, c.receive(3), "an older stamp still advances by one");
        assertThrows(IllegalArgumentException.class, () -> c.receive(-1));
    }

    @Test
    void concurrentTicksAreRecordedInClockOrder() throws Exception {
        LamportClock c = new LamportClock();
        List<Long> recorded = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int k = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (k == 0 && i % 10 == 0) {
                            c.receiveAnd(c.time() + 3, recorded::add);
                        } else {
                            c.tickAnd(recorded::add);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8000, recorded.size());
        for (int i = 1; i < recorded.size(); i++) {
            assertTrue(recorded.get(i) > recorded.get(i - 1), "recorded order must be clock order at " + i);
        }
    }
}
