package org.barrierlab.messaging;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Bounded waits for a condition in tests: a hang is a failure with a message. */
public final class Await {
    private Await() {}

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(10))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + message.get(), e);
        }
    }
}
