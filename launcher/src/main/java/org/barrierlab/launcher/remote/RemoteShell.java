package org.barrierlab.launcher.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A remote shell template such as {@code ssh -o BatchMode=yes {host}}: split into words like a
 * shell would (single and double quotes group words), {@code {host}} replaced in each word,
 * and the remote command appended as <em>one</em> last argument, quoted for a POSIX shell on
 * the other side (ssh hands it to the remote user's shell). So {@code sh -c} is a template that
 * runs the command locally, which is how the tests exercise this path.
 *
 * <pre>{@code
 * RemoteShell ssh = RemoteShell.parse("ssh -o BatchMode=yes {host}");
 * List<String> argv = ssh.command("node7", List.of("java", "-cp", "/shared/lib/*", "Main"));
 * // [ssh, -o, BatchMode=yes, node7, 'java' '-cp' '/shared/lib/*' 'Main']
 * }</pre>
 */
public final class RemoteShell {

    private final String template;
    private final List<String> words;

    private RemoteShell(String template, List<String> words) {
        this.template = template;
        this.words = List.copyOf(words);
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException if it is empty or has an unclosed quote
     */
    public static RemoteShell parse(String template) {
        Objects.requireNonNull(template, "template");
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(
                    "--remote-shell has an unclosed " + quote + " quote: '" + template + "'");
        }
        if (inWord) {
            words.add(cur.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--remote-shell must name a command, was '" + template + "'");
        }
        return new RemoteShell(template, words);
    }

    /** The local command that runs {@code remoteCommand} on {@code host}. */
    public List<String> command(String host, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>();
        for (String w : words) {
            argv.add(w.replace("{host}", host));
        }
        argv.add(quote(remoteCommand));
        return argv;
    }

    /**
     * Wraps a remote command so that a death by signal reaches the launcher as the shell's code
     * {@code 128 + signal} (137 for SIGKILL): ssh itself reports a remote command killed by a
     * signal as 255, the same code as its own failures. A shell that runs the command and then
     * exits with its status does not exec it, so the status is the shell's to pass on.
     */
    public static List<String> reportingSignals(List<String> remoteCommand) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "\"$@\"; exit $?", "sh"));
        wrapped.addAll(remoteCommand);
        return wrapped;
    }

    /** Quotes each word for a POSIX shell and joins them with spaces. */
    public static String quote(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String w : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
