package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/** A protected barrier protects the parents it creates too: an open parent lets anyone squat. */
class ParentAclTest {

    @Test
    void missingParentsGetTheBarriersAcl() throws Exception {
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            ZooKeeper owner = sessions.open();
            try (ZkBarrier b = ZkBarrier.builder(owner, "/acl/group/step")
                    .parties(1)
                    .digest("group", "secret")
                    .build()) {
                b.await(10, java.util.concurrent.TimeUnit.SECONDS);
                List<ACL> barrierAcl = owner.getACL("/acl/group/step", new Stat());
                assertEquals(barrierAcl, owner.getACL("/acl", new Stat()), "the parent /acl");
                assertEquals(barrierAcl, owner.getACL("/acl/group", new Stat()), "the parent /acl/group");
                ZooKeeper outsider = sessions.open();
                assertThrows(
                        KeeperException.NoAuthException.class,
                        () -> outsider.create(
                                "/acl/group/squat",
                                new byte[0],
                                org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                org.apache.zookeeper.CreateMode.PERSISTENT),
                        "an outsider cannot create beside the barrier");
            }
        }
    }
}
