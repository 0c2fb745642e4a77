package org.barrierlab.visualizer.ui;

import javafx.scene.control.ListCell;
import org.barrierlab.runmodel.event.TraceEvent;

/** One line of the event log: number, zxid, participant, type, barrier, generation, attributes. */
final class EventLogCell extends ListCell<TraceEvent> {

    @Override
    protected void updateItem(TraceEvent e, boolean empty) {
        super.updateItem(e, empty);
        if (empty || e == null) {
            setText(null);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%6d  0x%-9s %-8s %-10s", getIndex() + 1, Long.toHexString(e.zxid()), e.participant(), e.type()));
        if (!e.scope().isEmpty()) {
            sb.append(' ').append(ScopeText.shortName(e.scope()));
        }
        if (e.generation() >= 0) {
            sb.append(" gen ").append(e.generation());
        }
        if (!e.attrs().isEmpty()) {
            sb.append("  ").append(e.attrs());
        }
        setText(sb.toString());
    }
}
