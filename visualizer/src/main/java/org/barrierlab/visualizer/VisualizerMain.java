package org.barrierlab.visualizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.visualizer.source.EventSource;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.ZkEventSource;

/**
 * Stand-alone entry point of the visualizer (the launcher's {@code barrierlab visualize} is the
 * usual one): {@code --replay FILE} replays a recording, {@code --zk CONNECT [--run RUN-ID]}
 * follows a live run (the newest when no id is given).
 *
 * <pre>{@code
 * java -cp ... org.barrierlab.visualizer.VisualizerMain --replay docs/sample-run.jsonl
 * }</pre>
 */
public final class VisualizerMain {

    private VisualizerMain() {}

    public static void main(String[] args) throws InterruptedException {
        String replay = null;
        String zk = null;
        String run = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--replay" -> replay = need(a, v);
                case "--zk" -> zk = need(a, v);
                case "--run" -> run = need(a, v);
                default -> fail("unknown option " + a + " (use --replay FILE or --zk CONNECT [--run RUN-ID])");
            }
            i++;
        }
        EventSource source;
        try {
            if (replay != null) {
                List<TraceEvent> events = ReplaySource.read(Path.of(replay));
                source =
                        ReplaySource.paced(events, Path.of(replay).getFileName().toString());
            } else if (zk != null) {
                source = ZkEventSource.connect(zk, run);
            } else {
                source = null;
            }
        } catch (IOException | IllegalArgumentException | TimeoutException e) {
            fail(e.getMessage());
            return;
        }
        EventSource s = source;
        System.exit(FxViewer.showAndWait(() -> s, null));
    }

    private static String need(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("visualizer: " + message);
        System.exit(2);
    }
}
