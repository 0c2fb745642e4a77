package org.barrierlab.launcher.scenario;

import java.time.Duration;
import java.util.Optional;
import org.barrierlab.launcher.participant.ParticipantContext;

/**
 * The classic-algorithm scenarios ({@code clock}, {@code leader}, {@code mutex}) of issue 5.
 * Registered so that {@code barrierlab scenarios} lists them; they run once the classic
 * algorithms are part of the build.
 */
final class ClassicScenario implements Scenario {

    private final String name;
    private final String story;

    ClassicScenario(String name, String story) {
        this.name = name;
        this.story = story;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String story() {
        return story;
    }

    @Override
    public int defaultRounds() {
        return 5;
    }

    @Override
    public boolean supportsRoundKills() {
        return false;
    }

    @Override
    public Duration expectedDuration(int participants, int rounds) {
        return Duration.ofSeconds(5L + rounds * 2L);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.of("scenario " + name + " is not available in this build: the classic algorithms"
                + " (issue 5) are not integrated yet");
    }

    @Override
    public void play(ParticipantContext ctx) {
        throw new IllegalStateException(unavailableReason().orElseThrow());
    }
}
