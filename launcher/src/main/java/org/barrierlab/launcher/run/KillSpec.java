package org.barrierlab.launcher.run;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * A planned fault: kill participant {@code participant} with SIGKILL either when it reaches
 * round {@code round} of its scenario ({@code p2@3}) or a time after the run started ({@code
 * p2@5s}, any {@link Durations} form).
 *
 * <p>A round kill is exact: the participant announces the round (a {@code note} event with
 * attribute {@code fault=kill}) and stops before its first barrier operation of that round; the
 * launcher then kills it. So the others are left waiting at that round's barrier and must
 * report it broken.
 *
 * <pre>{@code
 * KillSpec k = KillSpec.parse("p2@3");      // round 3
 * KillSpec t = KillSpec.parse("p2@5s");     // 5 seconds after start
 * }</pre>
 *
 * @param participant participant id
 * @param round round number (>= 1), or 0 for a timed kill
 * @param after time since the run started for a timed kill, or null for a round kill
 */
public record KillSpec(String participant, int round, Duration after) {

    private static final Pattern FORM = Pattern.compile("([^@\\s]+)@(\\S+)");

    public KillSpec {
        RunLayout.requireName(participant, "participant id");
        if ((round > 0) == (after != null)) {
            throw new IllegalArgumentException(
                    "a kill has either a round >= 1 or a time, was round " + round + " and time " + after);
        }
    }

    /**
     * Parses {@code ID@ROUND} or {@code ID@DURATION}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static KillSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--kill must be ID@ROUND or ID@DURATION (e.g. p2@3 or p2@5s), was '" + text + "'");
        }
        String id = m.group(1);
        String when = m.group(2);
        if (when.matches("\\d{1,6}")) {
            int round = Integer.parseInt(when);
            if (round < 1) {
                throw new IllegalArgumentException("--kill round must be >= 1, was '" + text + "'");
            }
            return new KillSpec(id, round, null);
        }
        return new KillSpec(id, 0, Durations.parse(when, "--kill time"));
    }

    /** True for a kill in a given round, false for a timed kill. */
    public boolean isRoundKill() {
        return after == null;
    }

    @Override
    public String toString() {
        if (isRoundKill()) {
            return participant + "@" + round;
        }
        long ms = after.toMillis();
        return participant + "@" + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
    }
}
