package org.barrierlab.visualizer.launch;

import java.nio.file.Path;
import java.util.Objects;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.runmodel.layout.RunSecret;

/**
 * What the visualizer ({@link FxRunViewer}) should show: a live run in a ZooKeeper ensemble, or a recording.
 * Exactly one of these shapes:
 *
 * <ul>
 *   <li>live, attached from outside: {@code connectString} set, {@code runId} set or {@code null}
 *       (the viewer picks the newest run under {@code /barrierlab/runs}), {@code run} null;
 *   <li>live, owned by this process: {@code run} set (its connect string and id are copied into
 *       the other fields); the viewer may call the {@link Run} API directly (kill, step...);
 *   <li>replay: {@code replayFile} set (a {@code --record} JSON-lines file), everything else
 *       null;
 *   <li>a demo about to start: {@code demo} set, everything else null; the window opens on the
 *       scenario and is handed the run with {@link RunWindow#follow} once it is started.
 * </ul>
 *
 * <pre>{@code
 * ViewerRequest attach = ViewerRequest.attach("127.0.0.1:2181", "r-20261122-161500-ab12");
 * ViewerRequest replay = ViewerRequest.replay(Path.of("run.jsonl"));
 * }</pre>
 *
 * @param connectString ZooKeeper connect string of a live run, null for a replay
 * @param runId run id, or null (newest run) for a live attach, null for a replay
 * @param replayFile a recording to replay, or null for a live run
 * @param run the run owned by this process, or null
 * @param demo the spec of a run this process is about to start, or null
 * @param secret the run's secret for a live attach from outside (from its secret file), or null
 */
public record ViewerRequest(
        String connectString, String runId, Path replayFile, Run run, RunSpec demo, RunSecret secret) {

    public ViewerRequest {
        if (demo != null
                && (connectString != null || runId != null || run != null || replayFile != null || secret != null)) {
            throw new IllegalArgumentException("a demo request takes only the run's spec");
        }
        if (replayFile != null && (connectString != null || runId != null || run != null || secret != null)) {
            throw new IllegalArgumentException("a replay request takes only the replay file");
        }
        if (demo == null && replayFile == null && connectString == null) {
            throw new IllegalArgumentException("a live request needs a connect string");
        }
    }

    /** A window for a run that is about to start with {@code spec}; it follows the run later. */
    public static ViewerRequest demo(RunSpec spec) {
        return new ViewerRequest(null, null, null, null, Objects.requireNonNull(spec, "spec"), null);
    }

    /** True for a demo request (the run is handed over after the window is on screen). */
    public boolean isDemo() {
        return demo != null;
    }

    /** A live run this process started; the viewer can control it through {@link Run}. */
    public static ViewerRequest live(Run run) {
        Objects.requireNonNull(run, "run");
        return new ViewerRequest(run.connectString(), run.runId(), null, run, null, null);
    }

    /** Attach to an open run in an ensemble ({@code runId} null = the newest run). */
    public static ViewerRequest attach(String connectString, String runId) {
        return attach(connectString, runId, null);
    }

    /** Attach to a run protected by {@code secret} (null: an open run). */
    public static ViewerRequest attach(String connectString, String runId, RunSecret secret) {
        return new ViewerRequest(
                Objects.requireNonNull(connectString, "connectString"), runId, null, null, null, secret);
    }

    /** Replay a JSON-lines recording. */
    public static ViewerRequest replay(Path file) {
        return new ViewerRequest(null, null, Objects.requireNonNull(file, "file"), null, null, null);
    }

    /** True for a replay request. */
    public boolean isReplay() {
        return replayFile != null;
    }
}
