package org.barrierlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny benchmark run on a real embedded server produces the promised files with sane values. */
class BenchRunTest {

    @Test
    void tinyRunWritesCsvWithExactHeaderAndSaneValues(@TempDir Path out) throws Exception {
        BenchConfig config =
                new BenchConfig(List.of(2, 4), 3, 1, 5, List.of(), false, 1_000, out, true, false, 1, false);
        BenchResults results = BenchRunner.run(config);
        String md = BenchReport.write(results, out);

        List<String> lines = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
        assertEquals(
                "impl,kind,n,latency_median_ms,latency_p99_ms,throughput_per_s,requests_per_participant,"
                        + "notifications_per_participant,wakeups_per_waiter,bytes_read_per_participant",
                lines.get(0));
        Set<String> keys = new TreeSet<>();
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(10, f.length, "10 cells in " + line);
            assertTrue(
                    Set.of("barrierlab", "barrierlab-curator", "curator", "tutorial", "floor")
                            .contains(f[0]),
                    line);
            assertTrue(Set.of("await", "enter", "leave", "enter+leave").contains(f[1]), line);
            assertTrue(keys.add(f[0] + "/" + f[1] + "/" + f[2]), "one row per impl, kind and N: " + line);
            rows.add(f);
        }
        // floor: await; barrierlab, barrierlab-curator and curator: await + enter, leave, enter+leave;
        // tutorial: 3 double kinds.
        assertEquals(2 * (1 + 4 + 4 + 4 + 3), rows.size());
        for (String[] f : rows) {
            boolean measured = !f[3].isEmpty();
            if (f[0].equals("tutorial") && !measured) {
                continue; // it may hang; the report says so
            }
            assertTrue(measured, "latency measured for " + String.join(",", f));
            double median = Double.parseDouble(f[3]);
            double p99 = Double.parseDouble(f[4]);
            assertTrue(median > 0 && p99 >= median, "0 < median <= p99: " + String.join(",", f));
            assertTrue(Double.parseDouble(f[6]) > 0, "requests > 0: " + String.join(",", f));
            assertTrue(Double.parseDouble(f[8]) >= 0 && Double.parseDouble(f[9]) >= 0, String.join(",", f));
            boolean throughputApplies = !f[0].equals("floor") && (f[1].equals("await") || f[1].equals("enter+leave"));
            if (!throughputApplies) {
                assertTrue(f[5].isEmpty(), "no throughput for " + String.join(",", f));
            } else if (!f[0].equals("tutorial")) {
                assertTrue(Double.parseDouble(f[5]) > 0, "throughput > 0: " + String.join(",", f));
            }
        }
        for (String p : BenchReport.PLOTS) {
            assertTrue(Files.size(out.resolve(p)) > 1000, p + " written");
        }
        assertTrue(md.contains("| cores | "), "machine description at the top");
        assertTrue(md.contains("ZooKeeper"), "ZooKeeper version in the report");
        assertTrue(Files.readString(out.resolve("results.md")).contains("## Ratios"));
        assertTrue(md.contains("## Through Curator"), "the like-with-like table for Curator users");
    }

    @Test
    void floorWakesEachWaiterExactlyOnceWithOneRequestPerParticipant(@TempDir Path out) throws Exception {
        BenchConfig config =
                new BenchConfig(List.of(2, 8), 4, 1, 5, List.of(), false, 2_000, out, false, false, 2, true);
        try (org.barrierlab.launcher.zk.EmbeddedZooKeeper zk =
                org.barrierlab.launcher.zk.EmbeddedZooKeeper.standalone(0)) {
            for (int n : config.participants()) {
                Measurement m = new Measurement("floor", false, n);
                try (FloorContender floor = new FloorContender(n);
                        ThreadHarness h = new ThreadHarness(floor)) {
                    floor.open(zk.connectString(), "/floor-test-" + n, range(n));
                    h.controlledRounds(m, 1, 4, 2_000);
                }
                assertFalse(m.stopped, "floor ran: " + m.notes);
                BenchRow row = BenchReport.rows(m).get(0);
                assertNotNull(row.wakeupsPerWaiter());
                assertEquals(1.0, row.wakeupsPerWaiter(), 1e-9, "floor wake-ups per waiter at N=" + n);
                assertEquals(1.0, row.requestsPerParticipant(), 1e-9, "floor requests per participant at N=" + n);
                assertEquals((n - 1.0) / n, row.notificationsPerParticipant(), 1e-9, "one notification per waiter");
                assertEquals(0.0, row.bytesReadPerParticipant(), 1e-9);
            }
        }
    }

    /**
     * Both modes, measured by the harness: one wake-up per waiter, and on the critical path 2
     * requests per waiter, 1 for the releaser and 0 bytes. With a member list nothing is read at
     * all; a party count names the old slot's markers after the live handles, so its collection
     * reads nothing either in the common case (it used to list the old slot every crossing).
     */
    @Test
    void bothModesKeepTheCriticalPathAtTwoRequestsPerWaiterAndOneWakeup() throws Exception {
        int n = 6;
        try (org.barrierlab.launcher.zk.EmbeddedZooKeeper zk =
                org.barrierlab.launcher.zk.EmbeddedZooKeeper.standalone(0)) {
            for (boolean members : List.of(false, true)) {
                Measurement m = barrierLabAwait(zk, n, members);
                String mode = members ? "member list" : "party count";
                BenchRow row = BenchReport.rows(m).get(0);
                assertEquals(1.0, row.wakeupsPerWaiter(), 1e-9, mode + ": one wake-up per waiter");
                CriticalPath path = CriticalPath.of(
                        m,
                        Contender.Step.AWAIT,
                        m.waiterCost.get(Contender.Step.AWAIT),
                        m.releaserCost.get(Contender.Step.AWAIT));
                assertEquals(2.0, path.waiterRequests(), 1e-9, mode + ": requests per waiter on the path");
                assertEquals(1.0, path.releaserRequests(), 1e-9, mode + ": requests of the releaser on the path");
                assertEquals(0.0, path.callerBytesRead(), 1e-9, mode + ": bytes read on the path");
                if (members) {
                    assertEquals(0.0, row.bytesReadPerParticipant(), 1e-9, "member list: nothing read at all");
                }
            }
        }
    }

    private static Measurement barrierLabAwait(org.barrierlab.launcher.zk.EmbeddedZooKeeper zk, int n, boolean members)
            throws Exception {
        Measurement m = new Measurement("barrierlab", false, n);
        try (BarrierLabContender ours = new BarrierLabContender(n, false, members, LibClient.RAW);
                ThreadHarness h = new ThreadHarness(ours)) {
            ours.open(zk.connectString(), "/mode-test-" + members, range(n));
            h.controlledRounds(m, 1, 6, 5_000);
        }
        assertFalse(m.stopped, "barrierlab ran: " + m.notes);
        return m;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
