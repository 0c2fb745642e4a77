package org.barrierlab.launcher.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.barrierlab.runmodel.layout.RunSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's secret waits for a visualizer on another machine: {@code
 * ~/.barrierlab/secrets/<run-id>}, mode 0600 in a 0700 directory. On a lab cluster the home
 * directory is on the shared file system, so the same user reads it from any node and nobody
 * else can; {@code visualize --secret-file} takes it. Removed when the run is closed.
 */
public final class SecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private SecretFile() {}

    /** The directory of the secret files of this user's runs. */
    public static Path directory() {
        return Path.of(System.getProperty("user.home"), ".barrierlab", "secrets");
    }

    /** Where the secret of run {@code runId} is written. */
    public static Path of(String runId) {
        return directory().resolve(runId);
    }

    /** Writes the run's secret file; empty (with a warning) if the home directory is not writable. */
    static Optional<Path> write(String runId, RunSecret secret) {
        Path file = of(runId);
        try {
            return Optional.of(secret.writeTo(file));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot write the secret file {} ({}); only this process can attach to run {}", file, e, runId);
            return Optional.empty();
        }
    }

    /** Removes it (best effort). */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove the secret file {}: {}", file, e.getMessage());
        }
    }
}
