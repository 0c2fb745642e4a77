package org.barrierlab.visualizer.ui;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.visualizer.source.ZnodeSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The znode inspector: the run's namespace as a tree, each node's data and stat. Reads only the
 * run root's subtree, bounded ({@link ZnodeSnapshot}), on a background thread; the FX thread
 * only swaps in the immutable snapshot. FX thread only.
 */
final class ZnodeInspector extends BorderPane {

    private static final Logger LOG = LoggerFactory.getLogger(ZnodeInspector.class);

    /** What to read: a client and the run root, or null when there is no ZooKeeper (replay). */
    interface Target {
        ZooKeeper zk();

        String root();
    }

    private final TreeView<ZnodeSnapshot> tree = new TreeView<>();
    private final TextArea details = new TextArea();
    private final Label status = new Label();
    private final ExecutorService background;
    private final AtomicBoolean reading = new AtomicBoolean();
    private java.util.function.Supplier<Target> target = () -> null;

    ZnodeInspector(ExecutorService background) {
        this.background = background;
        setId("znode-inspector");
        tree.setId("znode-tree");
        details.setId("znode-details");
        details.setEditable(false);
        details.setWrapText(true);
        tree.setCellFactory(tv -> new TreeCell<>() {
            @Override
            protected void updateItem(ZnodeSnapshot item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                } else {
                    String more =
                            item.omittedChildren() > 0 ? "  (+" + item.omittedChildren() + " older not shown)" : "";
                    setText(item.name() + (item.stat().getEphemeralOwner() != 0 ? "  [ephemeral]" : "") + more);
                }
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> showDetails(item));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        setTop(new ToolBar(refresh, status));
        SplitPane split = new SplitPane(tree, details);
        split.setDividerPositions(0.45);
        setCenter(split);
        status.setText("The run's namespace in ZooKeeper");
    }

    void setTarget(java.util.function.Supplier<Target> t) {
        this.target = t;
    }

    private void showDetails(TreeItem<ZnodeSnapshot> item) {
        if (item == null || item.getValue() == null) {
            details.clear();
            return;
        }
        ZnodeSnapshot s = item.getValue();
        details.setText(s.path() + "\n\n" + s.statText().replace("  ", "\n") + "\n\ndata:\n"
                + (s.data().isEmpty() ? "(empty)" : s.data()));
    }

    /** Re-reads the tree in the background unless a read is in flight. */
    void refresh() {
        Target t = target.get();
        if (t == null) {
            status.setText("No ZooKeeper: a replay has only its recorded events");
            return;
        }
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                ZnodeSnapshot snap = ZnodeSnapshot.read(t.zk(), t.root());
                Platform.runLater(() -> apply(snap));
            } catch (KeeperException e) {
                Platform.runLater(() -> status.setText("Cannot read " + t.root() + ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Znode inspector read failed", e);
            } finally {
                reading.set(false);
            }
        });
    }

    private void apply(ZnodeSnapshot snap) {
        Set<String> expanded = new HashSet<>();
        collectExpanded(tree.getRoot(), expanded);
        String selected = tree.getSelectionModel().getSelectedItem() == null
                ? null
                : tree.getSelectionModel().getSelectedItem().getValue().path();
        if (expanded.isEmpty()) {
            expanded.add(snap.path());
        }
        TreeItem<ZnodeSnapshot> root = build(snap, expanded);
        tree.setRoot(root);
        status.setText(snap.path());
        if (selected != null) {
            select(root, selected);
        }
    }

    private TreeItem<ZnodeSnapshot> build(ZnodeSnapshot s, Set<String> expanded) {
        TreeItem<ZnodeSnapshot> item = new TreeItem<>(s);
        for (ZnodeSnapshot c : s.children()) {
            item.getChildren().add(build(c, expanded));
        }
        item.setExpanded(expanded.contains(s.path()));
        return item;
    }

    private void collectExpanded(TreeItem<ZnodeSnapshot> item, Set<String> out) {
        if (item == null) {
            return;
        }
        if (item.isExpanded() && item.getValue() != null) {
            out.add(item.getValue().path());
        }
        for (TreeItem<ZnodeSnapshot> c : item.getChildren()) {
            collectExpanded(c, out);
        }
    }

    private boolean select(TreeItem<ZnodeSnapshot> item, String path) {
        if (item.getValue().path().equals(path)) {
            tree.getSelectionModel().select(item);
            return true;
        }
        for (TreeItem<ZnodeSnapshot> c : item.getChildren()) {
            if (select(c, path)) {
                return true;
            }
        }
        return false;
    }

    TreeView<ZnodeSnapshot> tree() {
        return tree;
    }
}
