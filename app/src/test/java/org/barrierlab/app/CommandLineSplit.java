package org.barrierlab.app;

import java.util.List;
import org.barrierlab.launcher.remote.RemoteShell;

/** Splits a test's command line like a shell (quotes group words). */
final class CommandLineSplit {

    private CommandLineSplit() {}

    static String[] split(String line) {
        List<String> words = RemoteShell.parse(line).command("", List.of());
        // command() appends the (empty) quoted remote command as a last word; drop it.
        return words.subList(0, words.size() - 1).toArray(new String[0]);
    }
}
