package org.barrierlab.launcher.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of the course's scenarios, in the order {@code barrierlab scenarios} lists
 * them. {@link #DEFAULT} is the short tour {@code barrierlab demo} runs without a scenario.
 *
 * <pre>{@code
 * for (Scenario s : Scenarios.list()) {
 *     System.out.println(s.name() + "  " + s.story());
 * }
 * Scenario tour = Scenarios.get(Scenarios.DEFAULT);
 * }</pre>
 */
public final class Scenarios {

    /** The scenario of {@code barrierlab demo} without a SCENARIO argument. */
    public static final String DEFAULT = "nested";

    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        register(new TutorialRaceScenario());
        register(new SimpleScenario());
        register(new DoubleScenario());
        register(new ReusableScenario());
        register(new RestrictedScenario());
        register(new NestedScenario());
        register(ClassicScenario.clock());
        register(ClassicScenario.leader());
        register(ClassicScenario.mutex());
    }

    private Scenarios() {}

    private static void register(Scenario s) {
        ALL.put(s.name(), s);
    }

    /** All scenarios, in listing order. */
    public static List<Scenario> list() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /**
     * The scenario with this name.
     *
     * @throws IllegalArgumentException naming the value and the known scenarios
     */
    public static Scenario get(String name) {
        Scenario s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException(
                    "unknown scenario '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return s;
    }
}
