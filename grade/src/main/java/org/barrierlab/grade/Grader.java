package org.barrierlab.grade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.grade.impl.Implementations;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.spi.BarrierProvider;
import org.barrierlab.spi.Capability;

/**
 * {@code barrierlab grade}: grades barrier implementations on one embedded ZooKeeper, check
 * after check ({@link CheckRunner}), skipping (UNSUPPORTED) the checks whose capabilities an
 * implementation does not claim, then the cost sweep: the {@link Check#SWEEP} check at each N
 * of {@link GradeOptions#sweepSizes()}.
 *
 * <pre>{@code
 * List<Grade> grades = Grader.run(options, line -> System.err.println(line));
 * }</pre>
 */
public final class Grader {

    /**
     * Measured crossings per participant at each N of the sweep: the counts are exact, so a few
     * rounds give the mean; more would only lengthen the grade.
     */
    public static final int SWEEP_ROUNDS = 3;

    private Grader() {}

    /**
     * Grades every implementation of {@code options}.
     *
     * @throws IllegalArgumentException if an implementation cannot be loaded (one line)
     */
    public static List<Grade> run(GradeOptions options, Consumer<String> progress)
            throws IOException, KeeperException, InterruptedException {
        List<BarrierProvider> providers = new ArrayList<>();
        for (String impl : options.impls()) {
            providers.add(Implementations.load(impl));
        }
        List<Grade> grades = new ArrayList<>();
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            ZooKeeper zk = connect(server.connectString());
            try {
                for (int i = 0; i < providers.size(); i++) {
                    grades.add(grade(
                            options.impls().get(i), providers.get(i), options, zk, server.connectString(), progress));
                }
            } finally {
                zk.close();
            }
        }
        return grades;
    }

    private static Grade grade(
            String impl,
            BarrierProvider provider,
            GradeOptions options,
            ZooKeeper zk,
            String connect,
            Consumer<String> progress)
            throws IOException, KeeperException, InterruptedException {
        Set<Capability> claimed = EnumSet.noneOf(Capability.class);
        claimed.addAll(provider.capabilities());
        claimed.addAll(options.assume());
        CheckRunner runner = new CheckRunner(zk, connect, impl, options.outDir());
        List<CheckResult> results = new ArrayList<>();
        for (Check check : options.checks()) {
            Set<Capability> missing = EnumSet.noneOf(Capability.class);
            missing.addAll(check.requires());
            missing.removeAll(claimed);
            CheckResult r;
            if (!missing.isEmpty()) {
                r = CheckResult.unsupported(check, "not claimed: " + missing, options.seed());
            } else {
                progress.accept("grade " + impl + ": phase " + check.phase() + " " + check.wireName() + "...");
                r = runner.run(check, options.rounds(), options.seed());
            }
            progress.accept("grade " + impl + ": phase " + check.phase() + " " + check.wireName() + " " + r.outcome()
                    + (r.detail().isEmpty() ? "" : ": " + r.detail()));
            results.add(r);
        }
        List<CheckResult> sweep = new ArrayList<>();
        for (int n : options.sweepSizes()) {
            progress.accept("grade " + impl + ": sweep N=" + n + "...");
            CheckResult r = runner.run(Check.SWEEP, n, SWEEP_ROUNDS, options.seed());
            progress.accept(String.format(
                    Locale.ROOT,
                    "grade %s: sweep N=%d %s: %.2f wake-ups per waiter, %.1f requests per crossing%s",
                    impl,
                    n,
                    r.outcome(),
                    r.costs().wakeupsPerWaiter(),
                    r.costs().requestsPerCrossing(),
                    r.detail().isEmpty() ? "" : ": " + r.detail()));
            sweep.add(r);
        }
        return new Grade(impl, provider.name(), claimed, results, sweep);
    }

    private static ZooKeeper connect(String connect) throws IOException, InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(15, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("no session with the embedded ZooKeeper at " + connect + " within 15 s");
        }
        return zk;
    }
}
