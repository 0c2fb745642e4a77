package org.barrierlab.launcher.run;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.launcher.participant.RejoinPlan;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Starts and kills the participant JVMs of a run, and records each start ({@code spawn}) and
 * each kill ({@code kill}) in the run's trace with the host and pid it concerns. It exists so
 * that a JVM is never started or killed without its event, whoever asks (the run's API, a time
 * or round kill of the monitor, a restart), and so the run's facade does not carry the
 * mechanics: the {@link ParticipantLauncher} command line, the {@link Processes} registry, the
 * output pump and the remote {@code kill -9}.
 *
 * <p>Holds no lock: a kill, a restart and the monitor may act at once; {@link
 * ParticipantProcess#markKilled()} makes a JVM's kill happen once.
 */
final class ParticipantJvms {

    private final Scenario scenario;
    private final List<String> ids;
    private final ParticipantLauncher launcher;
    private final Processes processes;
    private final RunNamespace namespace;
    private final List<RunListener> listeners;
    private final Runnable beforeKill;
    private final Runnable changed;

    /**
     * @param listeners the run's listeners, told of every line a JVM writes
     * @param beforeKill called before a kill is recorded (the run then judges no stall for a while)
     * @param changed called after a kill and when a JVM exits (the monitor looks again)
     */
    ParticipantJvms(
            RunSpec spec,
            ParticipantLauncher launcher,
            Processes processes,
            RunNamespace namespace,
            List<RunListener> listeners,
            Runnable beforeKill,
            Runnable changed) {
        this.scenario = spec.scenario();
        this.ids = spec.participantIds();
        this.launcher = launcher;
        this.processes = processes;
        this.namespace = namespace;
        this.listeners = listeners;
        this.beforeKill = beforeKill;
        this.changed = changed;
    }

    /** Starts {@code id}'s JVM; a non-empty {@code rejoinPlan} ({@link RejoinPlan}): it rejoins the run. */
    void spawn(String id, int attempt, String rejoinPlan) throws IOException, KeeperException, InterruptedException {
        ParticipantProcess proc = launcher.launch(id, attempt, rejoinPlan);
        processes.put(proc);
        namespace.record(TraceEvent.of(id, EventType.SPAWN, "", -1)
                .with("host", proc.host())
                .with("pid", Long.toString(proc.pid()))
                .with("role", scenario.role(id, ids))
                .with("attempt", Integer.toString(attempt)));
        proc.pumpOutput((who, line) -> {
            for (RunListener l : listeners) {
                l.onOutput(who, line);
            }
        });
        proc.onExit(changed);
    }

    /**
     * Kills participant {@code id}'s current JVM with SIGKILL now, recording a {@code kill} event
     * first; a no-op if it has none or it was killed already.
     */
    void kill(String id) throws KeeperException, InterruptedException {
        Optional<ParticipantProcess> found = processes.get(id);
        if (found.isEmpty() || !found.get().markKilled()) {
            return;
        }
        ParticipantProcess proc = found.get();
        beforeKill.run();
        namespace.record(TraceEvent.of(id, EventType.KILL, "", -1)
                .with("signal", "KILL")
                .with("host", proc.host())
                .with("pid", Long.toString(proc.pid())));
        if (launcher.remote()) {
            // Not announced yet: killing the remote shell closes its stdin, the JVM follows.
            Optional<String> pid = namespace.presencePid(id);
            if (pid.isPresent()) {
                launcher.killRemote(proc, pid.get());
            }
        }
        proc.destroy();
        changed.run();
    }
}
