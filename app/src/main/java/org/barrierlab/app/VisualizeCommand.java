package org.barrierlab.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.run.SecretFile;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.barrierlab.visualizer.launch.FxRunViewer;
import org.barrierlab.visualizer.launch.RunWindow;
import org.barrierlab.visualizer.launch.ViewerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barrierlab visualize}: opens the visualizer window on a live run ({@code --zk},
 * optionally {@code --run}) or on a recording ({@code --replay}). Exit code 2 with one line when
 * no viewer or no display is available.
 *
 * <pre>{@code
 * ./barrierlab visualize --zk 127.0.0.1:2181 --run r-20261122-161500-ab12
 * ./barrierlab visualize --zk head:2281 --run r-1 --secret-file ~/.barrierlab/secrets/r-1
 * ./barrierlab visualize --replay run.jsonl
 * }</pre>
 */
@Command(
        name = "visualize",
        mixinStandardHelpOptions = true,
        description = {
            "Open the visualizer on a live run (--zk, optionally --run) or replay a recording (--replay).",
            "A run's nodes can be read only with its secret: 'demo' prints the attach command; on another machine",
            "of the same user and shared file system give --secret-file (default for --run: the launcher's",
            "~/.barrierlab/secrets/<run-id>, mode 0600).",
            "Needs a display; without one it fails with one line (exit code 2)."
        })
public final class VisualizeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(VisualizeCommand.class);

    @Option(names = "--zk", paramLabel = "CONNECT", description = "ZooKeeper connect string of the live run.")
    String zk;

    @Option(
            names = "--run",
            paramLabel = "RUN-ID",
            description = "Run id under /barrierlab/runs (default: the newest run).")
    String runId;

    @Option(
            names = "--secret-file",
            paramLabel = "FILE",
            description = "The run's secret (written by the launcher, mode 0600; default with --run:"
                    + " ~/.barrierlab/secrets/<run-id> if it exists).")
    Path secretFile;

    @Option(
            names = "--replay",
            paramLabel = "FILE",
            description = "A recording written by 'barrierlab demo --record FILE' (JSON lines).")
    Path replay;

    @Override
    public Integer call() throws InterruptedException {
        ViewerRequest request;
        if (replay != null) {
            if (zk != null || runId != null || secretFile != null) {
                throw new UsageException("--replay cannot be combined with --zk, --run or --secret-file");
            }
            if (!Files.isReadable(replay)) {
                throw new UsageException("--replay file " + replay + " does not exist or is not readable");
            }
            try {
                // an empty file or one that is not a recording: one line, exit 2, no window
                FxRunViewer.checkRecording(replay);
            } catch (IOException e) {
                throw new UsageException("cannot read --replay file " + replay + ": " + e.getMessage(), e);
            }
            request = ViewerRequest.replay(replay);
        } else {
            if (zk == null) {
                throw new UsageException("give --zk CONNECT (and optionally --run RUN-ID), or --replay FILE");
            }
            if (runId != null) {
                RunLayout.requireName(runId, "--run");
            }
            request = ViewerRequest.attach(zk, runId, secret());
        }
        Optional<RunViewer> viewer = RunViewer.find();
        if (viewer.isEmpty()) {
            throw new UsageException("no display is available for the visualizer (is DISPLAY set?)");
        }
        RunWindow window;
        try {
            window = viewer.get().open(request);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            throw new UsageException("cannot open the visualizer window: " + e.getMessage(), e);
        }
        // bounded waits in a loop: the presenter may keep the window open for a lecture
        while (!window.awaitClosed(1, TimeUnit.MINUTES)) {
            LOG.trace("visualizer window still open");
        }
        return 0;
    }

    /** The secret from --secret-file, or from the launcher's file for --run, or none (an open run). */
    private RunSecret secret() {
        Path file = secretFile;
        if (file == null && runId != null && Files.isRegularFile(SecretFile.of(runId))) {
            file = SecretFile.of(runId);
        }
        if (file == null) {
            return null;
        }
        try {
            return RunSecret.readFrom(file);
        } catch (IOException e) {
            throw new UsageException("cannot read --secret-file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
