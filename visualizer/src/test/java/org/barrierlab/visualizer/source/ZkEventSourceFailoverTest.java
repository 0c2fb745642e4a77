package org.barrierlab.visualizer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ConnectionLossRetry;
import org.barrierlab.visualizer.support.ScriptedRun;
import org.barrierlab.visualizer.support.ZkClients;
import org.barrierlab.visualizer.viewmodel.EventFunnel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The live view rides out the death of its ZooKeeper server: on a real local 3-server ensemble,
 * the server the event source is connected to is killed while events keep coming (so the
 * source's reads are in flight at the kill); the client reconnects to another server within
 * its session timeout and every event written after the kill still reaches the view model,
 * none lost.
 */
class ZkEventSourceFailoverTest {

    private static final Pattern REMOTE = Pattern.compile("remoteserver:[^ ]*:(\\d+)");

    @Test
    @Timeout(180)
    void eventsAfterItsServerDiesStillReachTheViewModel() throws Exception {
        try (EmbeddedZooKeeper ensemble = EmbeddedZooKeeper.ensemble(3, 0, EmbeddedZooKeeper.DEFAULT_TICK_MILLIS)) {
            RunLayout run = RunLayout.of("failover-1");
            ZooKeeper admin = ZkClients.connect(ensemble.connectString());
            new ScriptedRun(admin, run, null).createNamespace("failover", 1);
            admin.close();

            EventFunnel funnel = new EventFunnel();
            RunViewModel vm = new RunViewModel();
            try (ZkEventSource source = ZkEventSource.connect(ensemble.connectString(), run.runId())) {
                source.start(funnel::offer);
                int victim = serverOf(ensemble, source.zooKeeper());
                // the writer talks to the two other servers only: it outlives the kill
                String others = ensemble.serverIds().stream()
                        .filter(id -> id != victim)
                        .map(id -> "127.0.0.1:" + ensemble.port(id))
                        .collect(Collectors.joining(","));
                ZooKeeper writer = ZkClients.connect(others);
                ScriptedRun script = new ScriptedRun(writer, run, null);
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger();
                List<String> afterKill = new ArrayList<>();
                Thread load = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            String text = "e" + next.incrementAndGet();
                            boolean after = killed.get();
                            // a leader change disconnects the writer too: it retries (a lost
                            // reply may write an event twice, which the view counts once)
                            ConnectionLossRetry.call(
                                    writer,
                                    () -> script.emit(TraceEvent.of("p1", EventType.NOTE, "", -1)
                                            .with("text", text)));
                            if (after) {
                                synchronized (afterKill) {
                                    afterKill.add(text);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                load.setDaemon(true);
                load.start();
                try {
                    waitFor(
                            "the first events in the view",
                            30,
                            vm,
                            funnel,
                            () -> vm.log().size() > 50);
                    ensemble.kill(victim);
                    killed.set(true);
                    waitFor("100 events written after the kill", 60, vm, funnel, () -> {
                        synchronized (afterKill) {
                            return afterKill.size() >= 100;
                        }
                    });
                } finally {
                    load.interrupt();
                    load.join(TimeUnit.SECONDS.toMillis(30));
                }
                Set<String> written;
                synchronized (afterKill) {
                    written = Set.copyOf(afterKill);
                }
                // within one session timeout (10 s) plus margin, all of them are in the view
                waitFor("every event written after the kill in the view model", 30, vm, funnel, () -> shown(vm)
                        .containsAll(written));
                assertTrue(serverOf(ensemble, source.zooKeeper()) != victim, "the source moved to another server");
                assertEquals(
                        vm.log().size(),
                        vm.log().stream().map(TraceEvent::zxid).distinct().count(),
                        "each event once");
                writer.close();
            }
        }
    }

    private static Set<String> shown(RunViewModel vm) {
        return vm.log().stream()
                .filter(e -> e.is(EventType.NOTE))
                .map(e -> e.attr("text"))
                .collect(Collectors.toSet());
    }

    /** Feeds the view model from the funnel (as the window's frame loop does) until the condition holds. */
    private static void waitFor(
            String what, int seconds, RunViewModel vm, EventFunnel funnel, java.util.concurrent.Callable<Boolean> c) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                vm.accept(funnel.drain());
                return c.call();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what, e);
        }
    }

    /** The id of the server the client is connected to (from the client's description). */
    private static int serverOf(EmbeddedZooKeeper ensemble, ZooKeeper zk) {
        Matcher m = REMOTE.matcher(zk.toString());
        if (!m.find()) {
            throw new AssertionError("cannot tell the client's server from '" + zk + "'");
        }
        int port = Integer.parseInt(m.group(1));
        return ensemble.serverIds().stream()
                .filter(id -> ensemble.port(id) == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no server at port " + port + " of " + ensemble));
    }
}
