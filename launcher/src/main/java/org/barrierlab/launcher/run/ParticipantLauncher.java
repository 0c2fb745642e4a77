package org.barrierlab.launcher.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.jvm.ParticipantClassPath;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.remote.RemoteShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts participant JVMs for a run: the {@code java} command line (a lean class path, a small
 * heap, the participant's arguments), here or on a remote host through the remote shell, and
 * kills remote ones with {@code kill -9} through the same shell. Holds no lock and no state
 * beyond the run's settings.
 */
final class ParticipantLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantLauncher.class);

    private final RunSpec spec;
    private final String connectString;
    private final String runId;
    private final List<String> ids;
    private final long deadlineNanos;
    private final RemoteShell remoteShell;

    ParticipantLauncher(RunSpec spec, String connectString, String runId, long deadlineNanos) {
        this.spec = spec;
        this.connectString = connectString;
        this.runId = runId;
        this.ids = spec.participantIds();
        this.deadlineNanos = deadlineNanos;
        this.remoteShell = RemoteShell.parse(spec.remoteShell());
    }

    /** Where participant {@code id} runs: {@code local}, or its host from {@code --hosts}. */
    String hostOf(String id) {
        int index = ids.indexOf(id);
        return spec.hosts().isEmpty()
                ? "local"
                : spec.hosts().get(index % spec.hosts().size());
    }

    /** True if participants run on remote hosts. */
    boolean remote() {
        return !spec.hosts().isEmpty();
    }

    /**
     * Starts participant {@code id}'s JVM ({@code attempt} 1 for the first start).
     *
     * @throws IOException naming the participant (and host) if the process cannot start
     */
    ParticipantProcess launch(String id, int attempt) throws IOException {
        int killRound = 0;
        if (attempt == 1) {
            for (KillSpec k : spec.kills()) {
                if (k.participant().equals(id) && k.isRoundKill()) {
                    killRound = k.round();
                }
            }
        }
        long participantDeadline = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 15_000;
        List<String> java = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=barrierlab-participant-logback.xml",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                ParticipantClassPath.of(System.getProperty("java.class.path")),
                ParticipantMain.class.getName()));
        java.addAll(ParticipantMain.arguments(
                connectString,
                runId,
                id,
                spec.scenario().name(),
                ids,
                spec.rounds(),
                spec.seed(),
                spec.barrier(),
                killRound,
                Math.max(1000, participantDeadline)));
        String host = hostOf(id);
        // Reporting signals: a remote JVM killed with SIGKILL exits 137 here, not the shell's 255.
        List<String> command = remote() ? remoteShell.command(host, RemoteShell.reportingSignals(java)) : java;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ParticipantProcess(id, host, p, attempt);
        } catch (IOException e) {
            throw new IOException(
                    "cannot start participant " + id + (remote() ? " on host " + host : "") + ": " + e.getMessage(), e);
        }
    }

    /** {@code kill -9 <pid>} on the participant's host through the remote shell (bounded). */
    void killRemote(ParticipantProcess proc, String pid) throws InterruptedException {
        List<String> cmd = remoteShell.command(proc.host(), List.of("kill", "-9", pid));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                LOG.warn("Remote kill of {} on {} did not finish within 10 s", proc.id(), proc.host());
            } else if (k.exitValue() != 0) {
                LOG.warn("Remote kill of {} on {} exited with {}", proc.id(), proc.host(), k.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("Cannot run the remote kill of {} on host {}: {}", proc.id(), proc.host(), e.getMessage());
        }
    }
}
