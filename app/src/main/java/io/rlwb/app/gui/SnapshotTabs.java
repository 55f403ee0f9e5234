package io.rlwb.app.gui;

import io.rlwb.app.inspect.credit.CreditView;
import io.rlwb.app.inspect.distribution.DistributionView;
import io.rlwb.app.inspect.kv.KvView;
import io.rlwb.app.inspect.pareto.ParetoView;
import io.rlwb.app.viewmodel.inspect.InspectModels;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/** The tabs of the snapshot views (Ctrl+4 to Ctrl+7): value distributions, Pareto fronts, KV cache, credit. */
final class SnapshotTabs {
    private SnapshotTabs() {}

    static List<Tab> tabs(InspectModels m) {
        return List.of(tab("Distributions", "distributionTab", new DistributionView(m.distribution()), "distributionView"),
                tab("Pareto", "paretoTab", new ParetoView(m.pareto()), "paretoView"),
                tab("KV cache", "kvTab", new KvView(m.kv()), "kvView"),
                tab("Credit", "creditTab", new CreditView(m.credit()), "creditView"));
    }

    private static Tab tab(String title, String id, Node view, String viewId) {
        view.setId(viewId);
        Tab t = new Tab(title, view);
        t.setId(id);
        return t;
    }
}
