package org.barrierlab.visualizer.ui;

import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;

/**
 * The presenter bar's "Servers" menu: kill the ZooKeeper leader, kill or restart one server of
 * the run's ensemble, so a class watches a round survive a leader change. Each item is one
 * presenter command ({@link PresenterViewModel#send}: off the FX thread, reported in the status
 * line); the launcher that started the ensemble executes it ({@code kill-server}, {@code
 * restart-server}). Enabled only for a run whose controls offer server faults and whose connect
 * string names three servers or more.
 *
 * <p>FX thread only.
 */
final class ServerMenu {

    private final MenuButton button = new MenuButton("Servers");
    private final PresenterViewModel presenter;

    ServerMenu(PresenterViewModel presenter) {
        this.presenter = presenter;
        button.setId("servers");
        button.setFocusTraversable(false); // the keys belong to the stage, as for the bar's buttons
        button.setTooltip(new Tooltip("Kill or restart a ZooKeeper server of the run's ensemble"));
        update(false, 0);
    }

    MenuButton node() {
        return button;
    }

    /** Rebuilds the items for a run with {@code servers} servers; disabled unless {@code enabled}. */
    void update(boolean enabled, int servers) {
        button.getItems().clear();
        boolean usable = enabled && servers >= 3;
        button.setDisable(!usable);
        if (!usable) {
            return;
        }
        MenuItem leader = new MenuItem("Kill the leader");
        leader.setId("kill-leader");
        leader.setOnAction(e -> presenter.send("kill the ZooKeeper leader", c -> c.killServer("leader")));
        button.getItems().addAll(leader, new SeparatorMenuItem());
        for (int id = 1; id <= servers; id++) {
            int server = id;
            MenuItem kill = new MenuItem("Kill server " + id);
            kill.setId("kill-server-" + id);
            kill.setOnAction(e ->
                    presenter.send("kill ZooKeeper server " + server, c -> c.killServer(Integer.toString(server))));
            button.getItems().add(kill);
        }
        button.getItems().add(new SeparatorMenuItem());
        for (int id = 1; id <= servers; id++) {
            int server = id;
            MenuItem restart = new MenuItem("Restart server " + id);
            restart.setId("restart-server-" + id);
            restart.setOnAction(
                    e -> presenter.send("restart ZooKeeper server " + server, c -> c.restartServer(server)));
            button.getItems().add(restart);
        }
    }

    /** The number of servers a connect string names ({@code h1:p1,h2:p2,...[/chroot]}). */
    static int serversIn(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            return 0;
        }
        int slash = connectString.indexOf('/');
        String hosts = slash < 0 ? connectString : connectString.substring(0, slash);
        return hosts.split(",").length;
    }
}
