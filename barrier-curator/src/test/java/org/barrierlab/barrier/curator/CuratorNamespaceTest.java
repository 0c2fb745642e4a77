package org.barrierlab.barrier.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkDoubleBarrier;
import org.junit.jupiter.api.Test;

/** The client's namespace and ACL provider are honoured: the barrier lives where Curator users expect it. */
class CuratorNamespaceTest {

    /** Everything for the loopback address, which is where the test clients connect from. */
    private static final List<ACL> LOOPBACK = List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1")));

    private static final ACLProvider ACLS = new ACLProvider() {
        @Override
        public List<ACL> getDefaultAcl() {
            return LOOPBACK;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return LOOPBACK;
        }
    };

    @Test
    void barrierNodesLiveInTheNamespaceWithTheProvidersAcl() throws Exception {
        try (TestingServer server = CuratorFixtures.server();
                CuratorFramework raw = CuratorFixtures.client(server.getConnectString(), 5000);
                CuratorFramework a = CuratorFixtures.start(
                        CuratorFixtures.builder(server.getConnectString(), 5000).aclProvider(ACLS));
                CuratorFramework b = CuratorFixtures.start(
                        CuratorFixtures.builder(server.getConnectString(), 5000).aclProvider(ACLS))) {
            CuratorFramework na = a.usingNamespace("tenant");
            CuratorFramework nb = b.usingNamespace("tenant");
            ZkBarrier h1 =
                    CuratorBarriers.barrier(na, ACLS, "/jobs/step").parties(2).build();
            ZkBarrier h2 =
                    CuratorBarriers.barrier(nb, ACLS, "/jobs/step").parties(2).build();
            assertEquals("/tenant/jobs/step", h1.path());

            List<Callable<Integer>> round =
                    List.of(() -> h1.await(20, TimeUnit.SECONDS), () -> h2.await(20, TimeUnit.SECONDS));
            for (int r = 0; r < 3; r++) {
                assertEquals(
                        List.of(0, 1),
                        CuratorFixtures.together(30, round).stream().sorted().toList());
            }

            assertNotNull(raw.checkExists().forPath("/tenant/jobs/step/gen"), "inside the namespace");
            assertNull(raw.checkExists().forPath("/jobs"), "nothing outside the namespace");
            assertNotNull(na.checkExists().forPath("/jobs/step"), "visible through the namespaced client");
            assertEquals(LOOPBACK, raw.getACL().forPath("/tenant/jobs/step"), "the barrier node's ACL");
            assertEquals(LOOPBACK, raw.getACL().forPath("/tenant/jobs/step/gen"), "its children's ACL");
            assertEquals(2, h1.generation(), "generations 0, 1, 2");
            h1.close();
            h2.close();
        }
    }

    @Test
    void doubleBarrierInTheNamespace() throws Exception {
        try (TestingServer server = CuratorFixtures.server();
                CuratorFramework raw = CuratorFixtures.client(server.getConnectString(), 5000);
                CuratorFramework a = CuratorFixtures.client(server.getConnectString(), 5000);
                CuratorFramework b = CuratorFixtures.client(server.getConnectString(), 5000)) {
            List<ZkDoubleBarrier> hs = new ArrayList<>();
            for (CuratorFramework c : List.of(a, b)) {
                hs.add(CuratorBarriers.doubleBarrier(c.usingNamespace("tenant"), "/phase")
                        .parties(2)
                        .build());
            }
            List<Callable<Integer>> rounds = new ArrayList<>();
            for (ZkDoubleBarrier h : hs) {
                rounds.add(() -> {
                    for (int r = 0; r < 3; r++) {
                        h.enter(20, TimeUnit.SECONDS);
                        h.leave(20, TimeUnit.SECONDS);
                    }
                    return 0;
                });
            }
            CuratorFixtures.together(60, rounds);
            assertNotNull(raw.checkExists().forPath("/tenant/phase/gen"));
            assertNull(raw.checkExists().forPath("/phase"));
            hs.forEach(ZkDoubleBarrier::close);
        }
    }

    @Test
    void aRelativePathIsRejectedNamingIt() throws Exception {
        try (TestingServer server = CuratorFixtures.server();
                CuratorFramework a = CuratorFixtures.client(server.getConnectString(), 5000)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> CuratorBarriers.barrier(a.usingNamespace("t"), "jobs"));
            assertEquals("barrier path must be an absolute znode path like /barriers/b1, was 'jobs'", e.getMessage());
        }
    }
}
