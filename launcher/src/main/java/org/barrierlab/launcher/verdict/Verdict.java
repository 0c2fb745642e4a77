package org.barrierlab.launcher.verdict;

import java.util.Objects;

/**
 * The outcome of a run, printed as one line on stdout and used as the command's exit code:
 *
 * <table>
 *   <caption>Verdicts</caption>
 *   <tr><th>outcome</th><th>line</th><th>exit code</th></tr>
 *   <tr><td>PASS</td><td>{@code verdict: PASS <summary>}</td><td>0</td></tr>
 *   <tr><td>FAIL</td><td>{@code verdict: FAIL <reason>}</td><td>1</td></tr>
 *   <tr><td>HUNG</td><td>{@code verdict: HUNG <who is stuck where>}</td><td>1</td></tr>
 *   <tr><td>BROKEN</td><td>{@code verdict: BROKEN <barrier> generation <g>: <who> died}</td><td>3</td></tr>
 *   <tr><td>INTERRUPTED</td><td>{@code verdict: INTERRUPTED <when, and what had happened>}</td><td>130</td></tr>
 * </table>
 *
 * <p>BROKEN is the expected outcome of fault injection: a participant was killed and every
 * survivor reported the broken barrier. INTERRUPTED is a run stopped by Ctrl-C (SIGINT): its
 * exit code is the shell's for SIGINT, 128 + 2. Bad input is exit code 2 and never reaches a
 * verdict.
 *
 * <pre>{@code
 * Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
 * System.out.println(v.line());      // verdict: PASS nested: 4 participants, ...
 * System.exit(v.exitCode());
 * }</pre>
 *
 * @param outcome PASS, FAIL, HUNG, BROKEN or INTERRUPTED
 * @param detail the text after the outcome word
 */
public record Verdict(Outcome outcome, String detail) {

    /** The outcomes of a run. */
    public enum Outcome {
        PASS(0),
        FAIL(1),
        HUNG(1),
        BROKEN(3),
        /** Stopped by Ctrl-C: 128 + SIGINT, what a shell reports for a process ended by it. */
        INTERRUPTED(130);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit code of {@code barrierlab demo} for this outcome. */
        public int exitCode() {
            return exitCode;
        }
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public static Verdict pass(String detail) {
        return new Verdict(Outcome.PASS, detail);
    }

    public static Verdict fail(String detail) {
        return new Verdict(Outcome.FAIL, detail);
    }

    public static Verdict interrupted(String detail) {
        return new Verdict(Outcome.INTERRUPTED, detail);
    }

    public static Verdict hung(String detail) {
        return new Verdict(Outcome.HUNG, detail);
    }

    /** {@code BROKEN <barrier> generation <g>: <who> died}. */
    public static Verdict broken(String barrier, long generation, String who) {
        return new Verdict(Outcome.BROKEN, barrier + " generation " + generation + ": " + who + " died");
    }

    /** The verdict line, e.g. {@code verdict: HUNG p3 in leave of /barriers/pool generation 2}. */
    public String line() {
        return "verdict: " + outcome + " " + detail;
    }

    /** 0 for PASS, 1 for FAIL and HUNG, 3 for BROKEN. */
    public int exitCode() {
        return outcome.exitCode();
    }

    /** Parses a line produced by {@link #line()} (e.g. the run's verdict znode). */
    public static Verdict parse(String line) {
        String s = Objects.requireNonNull(line, "line").trim();
        if (!s.startsWith("verdict: ")) {
            throw new IllegalArgumentException("a verdict line starts with 'verdict: ', was '" + line + "'");
        }
        String rest = s.substring("verdict: ".length());
        int space = rest.indexOf(' ');
        String word = space < 0 ? rest : rest.substring(0, space);
        try {
            return new Verdict(Outcome.valueOf(word), space < 0 ? "" : rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown verdict outcome '" + word + "' in '" + line + "'", e);
        }
    }

    @Override
    public String toString() {
        return line();
    }
}
