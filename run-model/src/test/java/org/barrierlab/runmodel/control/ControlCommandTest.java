package org.barrierlab.runmodel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ControlCommandTest {

    @Test
    void serverCommandsNameAServerIdOrTheLeader() {
        assertEquals(new ControlCommand("kill-server", "2"), ControlCommand.parse("kill-server 2"));
        assertEquals(new ControlCommand("kill-server", "leader"), ControlCommand.parse(" kill-server leader "));
        assertEquals(new ControlCommand("restart-server", "3"), ControlCommand.parse("restart-server 3"));
        for (String bad : new String[] {"kill-server", "kill-server 0", "kill-server x", "restart-server leader"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlCommand.parse(bad));
            assertTrue(e.getMessage().contains("kill-server <server id|leader>"), e.getMessage());
        }
    }
}
