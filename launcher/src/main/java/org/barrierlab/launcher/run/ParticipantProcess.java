package org.barrierlab.launcher.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spawned participant JVM (or the remote shell that runs it): its process, its output
 * pump, whether the launcher killed it, and whether its exit has been recorded. Flags change
 * by compare-and-set, so a kill and an exit are recorded once whichever thread sees them first.
 *
 * <p>Thread-safe.
 */
final class ParticipantProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantProcess.class);

    private final String id;
    private final String host;
    private final Process process;
    private final int attempt;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean exitRecorded = new AtomicBoolean();
    private volatile String lastLine = "";

    ParticipantProcess(String id, String host, Process process, int attempt) {
        this.id = id;
        this.host = host;
        this.process = process;
        this.attempt = attempt;
    }

    String id() {
        return id;
    }

    String host() {
        return host;
    }

    int attempt() {
        return attempt;
    }

    long pid() {
        return process.pid();
    }

    /** The last non-blank line it printed (named in failure reasons). */
    String lastLine() {
        return lastLine;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Its exit code, -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    boolean killed() {
        return killed.get();
    }

    /** Marks it killed; true only for the first caller (who then records the kill and signals). */
    boolean markKilled() {
        return !process.isAlive() ? false : killed.compareAndSet(false, true);
    }

    /** True only for the first caller after it exited (who then records its exit). */
    boolean claimExit() {
        return !process.isAlive() && exitRecorded.compareAndSet(false, true);
    }

    /** Gives back a claim whose exit event could not be written: the next claim records it. */
    void releaseExitClaim() {
        exitRecorded.set(false);
    }

    /** SIGKILL, no wait. */
    void destroy() {
        process.destroyForcibly();
    }

    /** Waits for the exit; false if it still runs after the timeout. */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** Calls {@code onExit} (on a JDK thread) when the process ends. */
    void onExit(Runnable onExit) {
        process.onExit().thenRun(onExit);
    }

    /** Starts the daemon thread that hands each output line to {@code output} (id, line). */
    void pumpOutput(BiConsumer<String, String> output) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (!line.isBlank()) {
                                lastLine = line;
                            }
                            output.accept(id, line);
                        }
                    } catch (IOException e) {
                        LOG.debug("Output of {} ended: {}", id, e.getMessage());
                    }
                },
                "output-" + id + "-" + attempt);
        pump.setDaemon(true);
        pump.start();
    }
}
