package org.barrierlab.grade;

/** How one check ended for one implementation. */
public enum Outcome {
    /** The schedule ran and every property held. */
    PASS,
    /** A property was violated (early pass, a wrong broken report, an error): see the detail. */
    FAIL,
    /** Somebody waited in vain where a correct barrier lets it through: the detail says who and where. */
    HUNG,
    /** The implementation does not claim the capability the check needs. */
    UNSUPPORTED,
    /**
     * The grader could not set the check up: a participant JVM did not reach the start line
     * within the start-up bound (a loaded machine). Says nothing about the implementation, and
     * proves nothing either: the grade does not pass.
     */
    SETUP;

    /** True for FAIL and HUNG: the claimed capability does not hold. */
    public boolean failed() {
        return this == FAIL || this == HUNG;
    }
}
