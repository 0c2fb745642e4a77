package org.barrierlab.launcher.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The current JVM of each participant of a run (a restart replaces it), in participant order.
 * A concurrent map, no lock: a kill, a restart and the monitor may touch it at once.
 */
final class Processes {

    private final List<String> ids;
    private final Map<String, ParticipantProcess> current = new ConcurrentHashMap<>();

    Processes(List<String> ids) {
        this.ids = List.copyOf(ids);
    }

    void put(ParticipantProcess p) {
        current.put(p.id(), p);
    }

    Optional<ParticipantProcess> get(String id) {
        return Optional.ofNullable(current.get(id));
    }

    /** The current processes, in participant order. */
    List<ParticipantProcess> all() {
        List<ParticipantProcess> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            ParticipantProcess p = current.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    boolean allExited() {
        return all().stream().noneMatch(ParticipantProcess::alive);
    }

    /** SIGKILL to every live process, then up to 5 s each for them to go. */
    void killAllNow() {
        List<ParticipantProcess> all = all();
        for (ParticipantProcess p : all) {
            p.destroy();
        }
        for (ParticipantProcess p : all) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Up to 10 s each for the processes to exit on their own, then SIGKILL. */
    void awaitExits() throws InterruptedException {
        for (ParticipantProcess p : all()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
