package org.barrierlab.launcher.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.jvm.ParticipantClassPath;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.layout.RunSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts participant JVMs for a run: the {@code java} command line (a lean class path, a small
 * heap, the participant's arguments), here or on a remote host through the remote shell, and
 * kills remote ones with {@code kill -9} through the same shell. Holds no lock and no state
 * beyond the run's settings.
 *
 * <p>The run's secret goes to the participant as the first line of its stdin (through ssh
 * too), never on the command line, which {@code ps} shows to every user of the node, nor in an
 * environment. The pipe then stays open: its end tells the participant the launcher is gone.
 */
final class ParticipantLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantLauncher.class);

    private final RunSpec spec;
    private final String connectString;
    private final RunLayout layout;
    private final List<String> ids;
    private final long deadlineNanos;
    private final RemoteShell remoteShell;

    ParticipantLauncher(RunSpec spec, String connectString, RunLayout layout, long deadlineNanos) {
        this.spec = spec;
        this.connectString = connectString;
        this.layout = layout;
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
     * Starts participant {@code id}'s JVM ({@code attempt} 1 for the first start; {@code
     * rejoinPlan} non-empty for a restarted participant that rejoins the run, see {@code
     * RejoinPlan}).
     *
     * @throws IOException naming the participant (and host) if the process cannot start
     */
    ParticipantProcess launch(String id, int attempt, String rejoinPlan) throws IOException {
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
                layout.runId(),
                id,
                spec.scenario().name(),
                ids,
                spec.rounds(),
                spec.seed(),
                spec.barrier(),
                killRound,
                Math.max(1000, participantDeadline),
                rejoinPlan));
        String host = hostOf(id);
        // Reporting signals: a remote JVM killed with SIGKILL exits 137 here, not the shell's 255.
        List<String> command = remote() ? remoteShell.command(host, RemoteShell.reportingSignals(java)) : java;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            handOverSecret(id, p);
            return new ParticipantProcess(id, host, p, attempt);
        } catch (IOException e) {
            throw new IOException(
                    "cannot start participant " + id + (remote() ? " on host " + host : "") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the secret line ({@code ParticipantMain} reads it first; empty for an open run).
     * Not closed: the participant exits when the pipe closes.
     */
    private void handOverSecret(String id, Process p) {
        String line = layout.secret().map(RunSecret::value).orElse("") + "\n";
        OutputStream in = p.getOutputStream();
        try {
            in.write(line.getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            // it died at once (a remote shell that failed, say): its exit is reported as usual
            LOG.debug("Could not hand the secret to {}: {}", id, e.getMessage());
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
