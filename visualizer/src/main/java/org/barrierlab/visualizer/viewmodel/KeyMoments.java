package org.barrierlab.visualizer.viewmodel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;

/**
 * The key moments of a barrier story, found in the one run state (live or replayed alike): the
 * moment before the last arrival (every other party waits at a barrier generation, so the next
 * arrival releases them) and a break. The presenter's auto-pause stops the run at each, once.
 *
 * <pre>{@code
 * KeyMoments moments = new KeyMoments();
 * moments.next(state).ifPresent(text -> presenter.pause());
 * }</pre>
 *
 * <p>Not thread-safe: used on the FX thread.
 */
public final class KeyMoments {

    private final Set<String> shown = new HashSet<>();

    /** Forgets the moments shown (a new run or recording). */
    public void reset() {
        shown.clear();
    }

    /**
     * The first key moment {@code state} shows that was not shown before, as one line for the
     * status, or empty. A moment is shown once even if the state shows it again (a scrub back).
     */
    public Optional<String> next(RunState state) {
        for (ScopeState s : state.scopes().values()) {
            if (s.broken()) {
                String key = "break " + s.path() + " " + s.generation();
                if (shown.add(key)) {
                    return Optional.of(s.name() + " generation " + s.generation() + " broke"
                            + (s.brokenBy().isEmpty() ? "" : " (by " + s.brokenBy() + ")")
                            + (s.brokenReason().isEmpty() ? "" : ": " + s.brokenReason()));
                }
                continue;
            }
            Optional<String> last = lastArrival(state, s);
            if (last.isPresent()) {
                return last;
            }
        }
        return Optional.empty();
    }

    /** Every party but one waits at {@code s}'s generation: the next arrival releases them. */
    private Optional<String> lastArrival(RunState state, ScopeState s) {
        List<ParticipantState> waiting = new ArrayList<>();
        List<ParticipantState> others = new ArrayList<>();
        for (ParticipantState p : state.participants().values()) {
            if (!p.alive()) {
                continue;
            }
            if (p.scope().equals(s.path()) && p.phase().isWaiting()) {
                waiting.add(p);
            } else if (s.members().isEmpty() || s.members().contains(p.id())) {
                others.add(p);
            }
        }
        int parties = s.parties() > 0
                ? s.parties()
                : s.members().isEmpty() ? -1 : s.members().size();
        if (parties < 2 || waiting.size() != parties - 1) {
            return Optional.empty();
        }
        long generation = waiting.get(0).generation();
        String key = "last " + s.path() + " " + waiting.get(0).phase() + " " + generation;
        if (!shown.add(key)) {
            return Optional.empty();
        }
        String who = others.size() == 1 ? others.get(0).id() + "'s" : "the last";
        return Optional.of("all but one wait at " + s.name() + " (generation " + generation + "): " + who
                + " arrival releases them");
    }
}
