package org.barrierlab.visualizer.support;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.visualizer.source.ReplaySource;

/**
 * Makes the sample recording: runs {@link ScriptedRun#story} against an embedded ZooKeeper,
 * paced like a real run, reads the trace back (with zxids) and writes it as JSON lines.
 * {@code java ... RecordSample OUT.jsonl [participants]}
 */
public final class RecordSample {

    private RecordSample() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            CountDownLatch up = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(server.connectString(), 10_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    up.countDown();
                }
            });
            if (!up.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection");
            }
            RunLayout run = RunLayout.of("sample-1");
            new ScriptedRun(zk, run, e -> {
                        if (e.type().equals("pass")
                                || e.type().equals("entered")
                                || e.type().equals("broken")
                                || e.type().equals("note")) {
                            Thread.sleep(e.type().equals("note") ? 1500 : 60);
                        } else {
                            Thread.sleep(250);
                        }
                    })
                    .story(n);
            ReplaySource.write(out, ZkTraceReader.readAll(zk, run));
            zk.close();
        }
    }
}
