package org.barrierlab.launcher.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.barrierlab.launcher.run.Durations;

/**
 * A planned server fault of a demo: kill ZooKeeper server {@code target} ({@code 2}, or {@code
 * leader} for whichever server leads at that moment) {@code after} the run started, or restart
 * a killed one.
 *
 * <pre>{@code
 * ServerFault.parse("2@5s", false);        // --kill-server 2@5s
 * ServerFault.parse("leader@5s", false);   // --kill-server leader@5s
 * ServerFault.parse("2@12s", true);        // --restart-server 2@12s
 * }</pre>
 *
 * @param target a server id or {@code leader}
 * @param after time since the run started
 * @param restart true to restart the server, false to kill it
 */
public record ServerFault(String target, Duration after, boolean restart) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,2}|leader)@(\\S+)");

    public ServerFault {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(after, "after");
        if (restart && target.equals("leader")) {
            throw new IllegalArgumentException("--restart-server needs a server id, not 'leader'");
        }
    }

    /**
     * Parses {@code ID@DURATION} or {@code leader@DURATION}.
     *
     * @throws IllegalArgumentException naming the option, the value and the accepted forms
     */
    public static ServerFault parse(String text, boolean restart) {
        String option = restart ? "--restart-server" : "--kill-server";
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    option + " must be ID@DURATION or leader@DURATION (e.g. 2@5s), was '" + text + "'");
        }
        return new ServerFault(m.group(1), Durations.parse(m.group(2), option + " time"), restart);
    }

    @Override
    public String toString() {
        return target + "@" + after.toMillis() + "ms";
    }
}
