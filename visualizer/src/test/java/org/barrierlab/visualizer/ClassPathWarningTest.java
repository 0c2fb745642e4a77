package org.barrierlab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * JavaFX's "Unsupported JavaFX configuration" warning goes through {@code System.getLogger("javafx")}
 * (its PlatformLogger); the app drops exactly that message and lets every other JavaFX warning through.
 */
class ClassPathWarningTest {

    @Test
    void onlyTheClassPathWarningIsDropped() {
        Logger jul = Logger.getLogger("javafx");
        List<String> published = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                published.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            FxViewer.silenceClassPathWarning();
            System.Logger fx = System.getLogger("javafx"); // the logger JavaFX's PlatformLogger wraps
            fx.log(
                    System.Logger.Level.WARNING,
                    "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'");
            fx.log(System.Logger.Level.WARNING, "some other JavaFX warning");
            assertEquals(List.of("some other JavaFX warning"), published);
        } finally {
            jul.removeHandler(capture);
        }
    }
}
