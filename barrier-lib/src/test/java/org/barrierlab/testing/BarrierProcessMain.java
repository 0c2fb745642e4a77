package org.barrierlab.testing;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;

/**
 * A participant JVM for multi-process tests: {@code <connect> <sessionTimeoutMs> <path> <id>
 * <members,comma,separated> <rounds>}. Prints one line per event on stdout ({@code PASS <gen>
 * <index>}, {@code BROKEN <gen> <by> <reason>}, {@code DONE}) and exits 0 when all rounds passed,
 * 3 when the barrier broke, 4 on any other failure.
 */
public final class BarrierProcessMain {

    private BarrierProcessMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String connect = args[0];
        int sessionTimeout = Integer.parseInt(args[1]);
        String path = args[2];
        String id = args[3];
        List<String> members = Arrays.asList(args[4].split(","));
        int rounds = Integer.parseInt(args[5]);
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, sessionTimeout, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        int code = 0;
        try (ZkBarrier b =
                ZkBarrier.builder(zk, path).members(members).participantId(id).build()) {
            if (!connected.await(20, TimeUnit.SECONDS)) {
                out.println("FAIL no connection");
                System.exit(4);
            }
            out.println("READY");
            for (int r = 0; r < rounds; r++) {
                int index = b.await(60, TimeUnit.SECONDS);
                out.println("PASS " + b.generation() + " " + index);
            }
            out.println("DONE");
        } catch (ZkBrokenBarrierException e) {
            out.println("BROKEN " + e.generation() + " " + e.brokenBy() + " " + e.reason());
            code = 3;
        } catch (Exception e) {
            out.println("FAIL " + e);
            code = 4;
        } finally {
            zk.close(2000);
        }
        System.exit(code);
    }
}
