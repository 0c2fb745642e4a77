package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every validation, each with its message. */
class ValidationTest {

    private static TestingServer server;
    private static ZkSessions sessions;
    private static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 4000);
        zk = sessions.open();
    }

    @AfterAll
    static void stop() throws Exception {
        sessions.close();
        server.close();
    }

    private static void expect(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void presenceDirectoriesAreValidated() {
        expect(
                "presence directory must be an absolute znode path like /app/barriers/b1, was 'participants'",
                () -> ZkBarrier.builder(zk, "/v/p").presence("participants"));
        expect(
                "presence directory must not end with '/', was '/run/participants/'",
                () -> ZkDoubleBarrier.builder(zk, "/v/p").presence("/run/participants/"));
        assertThrows(
                NullPointerException.class, () -> ZkBarrier.builder(zk, "/v/p").presence(null));
    }

    @Test
    void pathsAreValidated() {
        expect(
                "barrier path must be an absolute znode path like /app/barriers/b1, was 'rel/b'",
                () -> ZkBarrier.builder(zk, "rel/b"));
        expect(
                "barrier path must be an absolute znode path like /app/barriers/b1, was '/'",
                () -> ZkBarrier.builder(zk, "/"));
        expect("barrier path must not end with '/', was '/a/'", () -> ZkBarrier.builder(zk, "/a/"));
        expect(
                "barrier path must not contain empty segments ('//'), was '/a//b'",
                () -> ZkDoubleBarrier.builder(zk, "/a//b"));
        expect(
                "barrier path segment 'b c' must be 1-64 characters of letters, digits, '.', '_' or '-' starting"
                        + " with a letter or digit, in path '/a/b c'",
                () -> ZkBarrier.builder(zk, "/a/b c"));
        expect(
                "barrier path must not be inside /zookeeper, was '/zookeeper/b'",
                () -> ZkBarrier.builder(zk, "/zookeeper/b"));
        assertEquals(
                "zk",
                assertThrows(NullPointerException.class, () -> ZkBarrier.builder(null, "/a"))
                        .getMessage());
        assertEquals(
                "path",
                assertThrows(NullPointerException.class, () -> ZkBarrier.builder(zk, null))
                        .getMessage());
    }

    @Test
    void partiesMembersAndIdsAreValidated() {
        expect("parties must be >= 1, was 0", () -> ZkBarrier.builder(zk, "/v/a")
                .parties(0));
        expect("barrier /v/a: set parties(n) or members(ids)", () -> ZkBarrier.builder(zk, "/v/a")
                .build());
        expect("members must not be empty", () -> ZkBarrier.builder(zk, "/v/a").members(List.of()));
        expect("members must be distinct, 'p1' appears twice", () -> ZkBarrier.builder(zk, "/v/a")
                .members(List.of("p1", "p2", "p1")));
        expect(
                "member id must be 1-64 characters of letters, digits, '.', '_' or '-' starting with a letter or"
                        + " digit, was '-x'",
                () -> ZkBarrier.builder(zk, "/v/a").members(List.of("-x")));
        expect(
                "participant id must be 1-64 characters of letters, digits, '.', '_' or '-' starting with a letter"
                        + " or digit, was 'a/b'",
                () -> ZkBarrier.builder(zk, "/v/a").participantId("a/b"));
        expect("parties (3) must equal the number of members (2) of a restricted barrier", () -> ZkBarrier.builder(
                        zk, "/v/a")
                .parties(3)
                .members(List.of("a", "b"))
                .participantId("a")
                .build());
        expect("participant id 'z' is not a member of barrier /v/a (members [a, b])", () -> ZkBarrier.builder(
                        zk, "/v/a")
                .members(List.of("b", "a"))
                .participantId("z")
                .build());
        expect(
                "a restricted barrier needs participantId(id), one of the members [a, b]",
                () -> ZkBarrier.builder(zk, "/v/a").members(List.of("a", "b")).build());
        expect("acl must not be empty", () -> ZkBarrier.builder(zk, "/v/a").acl(List.of()));
        expect("digest user must be non-empty and contain no ':', was 'a:b'", () -> ZkBarrier.builder(zk, "/v/a")
                .digest("a:b", "pw"));
        expect("digest password must not be empty", () -> ZkBarrier.builder(zk, "/v/a")
                .digest("a", ""));
        expect(
                "inner barrier name must be 1-64 characters of letters, digits, '.', '_' or '-' starting with a"
                        + " letter or digit, was 'x/y'",
                () -> ZkDoubleBarrier.builder(zk, "/v/d").parties(2).build().innerBarrier("x/y"));
        expect(
                "nested barrier /v/d/inner/x has parties 3 > parties 2 of the outer barrier /v/d",
                () -> ZkDoubleBarrier.builder(zk, "/v/d")
                        .parties(2)
                        .build()
                        .innerBarrier("x")
                        .parties(3)
                        .build());
    }

    @Test
    void defaultParticipantIdsAreUniquePerHandle() {
        ZkBarrier a = ZkBarrier.builder(zk, "/v/ids").parties(2).build();
        ZkBarrier b = ZkBarrier.builder(zk, "/v/ids").parties(2).build();
        assertTrue(
                a.participantId()
                        .matches("[A-Za-z0-9][A-Za-z0-9._-]*-"
                                + ProcessHandle.current().pid() + "-\\d+"),
                a.participantId());
        assertTrue(!a.participantId().equals(b.participantId()));
    }

    @Test
    void aDisagreeingParticipantGetsAnErrorNamingBothConfigurations() throws Exception {
        try (ZkBarrier first = ZkBarrier.builder(zk, "/v/cfg").parties(1).build()) {
            first.await(5, TimeUnit.SECONDS);
        }
        ZkBarrier other = ZkBarrier.builder(sessions.open(), "/v/cfg")
                .parties(2)
                .participantId("x")
                .build();
        expect(
                "barrier /v/cfg is configured as 'kind=simple parties=1 members=*' but this handle (x) was built with"
                        + " 'kind=simple parties=2 members=*'",
                () -> other.await(5, TimeUnit.SECONDS));
        ZkDoubleBarrier dbl = ZkDoubleBarrier.builder(zk, "/v/cfg")
                .members(List.of("x"))
                .participantId("x")
                .build();
        expect(
                "barrier /v/cfg is configured as 'kind=simple parties=1 members=*' but this handle (x) was built with"
                        + " 'kind=double parties=1 members=x'",
                () -> dbl.enter(5, TimeUnit.SECONDS));
    }

    @Test
    void digestAclKeepsOutsidersOut() throws Exception {
        ZooKeeper member = sessions.open();
        try (ZkBarrier b = ZkBarrier.builder(member, "/v/acl/b")
                .parties(1)
                .participantId("m")
                .digest("group7", "secret")
                .build()) {
            assertEquals(0, b.await(5, TimeUnit.SECONDS));
        }
        ZooKeeper outsider = sessions.open();
        ZkBarrier intruder = ZkBarrier.builder(outsider, "/v/acl/b")
                .parties(1)
                .participantId("o")
                .build();
        assertThrows(KeeperException.NoAuthException.class, () -> intruder.await(5, TimeUnit.SECONDS));
        assertThrows(KeeperException.NoAuthException.class, () -> outsider.setData("/v/acl/b", new byte[0], -1));
        assertThrows(KeeperException.NoAuthException.class, () -> outsider.delete("/v/acl/b/gen", -1));
        ZooKeeper wrongPassword = sessions.open();
        ZkBarrier guess = ZkBarrier.builder(wrongPassword, "/v/acl/b")
                .parties(1)
                .participantId("g")
                .digest("group7", "guess")
                .build();
        assertThrows(KeeperException.NoAuthException.class, () -> guess.await(5, TimeUnit.SECONDS));
        ZooKeeper second = sessions.open();
        try (ZkBarrier b = ZkBarrier.builder(second, "/v/acl/b")
                .parties(1)
                .participantId("m2")
                .digest("group7", "secret")
                .build()) {
            assertEquals(0, b.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void presenceRecordNamesTheRecordAndRejectsBadInput() {
        assertEquals("/run/participants/+p1", ZkBarrier.presenceRecord("/run/participants", "p1"));
        IllegalArgumentException id = assertThrows(
                IllegalArgumentException.class, () -> ZkBarrier.presenceRecord("/run/participants", "+p1"));
        assertTrue(id.getMessage().contains("participant id") && id.getMessage().contains("'+p1'"), id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZkBarrier.presenceRecord("run/participants", "p1"));
        assertThrows(NullPointerException.class, () -> ZkBarrier.presenceRecord(null, "p1"));
    }

    @Test
    void presenceAnnouncementNamesNodeAndRecordAndRejectsBadInput() {
        String dir = "/run/participants";
        List<ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        assertEquals(
                List.of(dir + "/p1", dir + "/+p1"),
                ZkBarrier.presenceAnnouncement(dir, "p1", new byte[0], open, false).stream()
                        .map(Op::getPath)
                        .toList(),
                "a first start creates the node and the record");
        assertEquals(
                List.of(dir + "/p1", dir + "/+p1+"),
                ZkBarrier.presenceAnnouncement(dir, "p1", new byte[0], open, true).stream()
                        .map(Op::getPath)
                        .toList(),
                "a restart creates the node and a sequential incarnation record");
        assertThrows(
                IllegalArgumentException.class,
                () -> ZkBarrier.presenceAnnouncement(dir, "p1+1", new byte[0], open, true),
                "'+' would make an id's incarnation records ambiguous");
        IllegalArgumentException acl = assertThrows(
                IllegalArgumentException.class,
                () -> ZkBarrier.presenceAnnouncement(dir, "p1", new byte[0], List.of(), false));
        assertEquals("acl must not be empty", acl.getMessage());
        assertThrows(NullPointerException.class, () -> ZkBarrier.presenceAnnouncement(dir, "p1", null, open, false));
    }
}
