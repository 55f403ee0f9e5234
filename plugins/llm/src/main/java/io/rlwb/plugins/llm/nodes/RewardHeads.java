package io.rlwb.plugins.llm.nodes;

import io.rlwb.plugins.llm.reward.RewardHead;
import java.util.ArrayList;
import java.util.List;

/**
 * What flows on a {@code reward-vector} port: the heads of a vector reward, in order. An input takes one wire, so a
 * vector is built by chaining head nodes: each takes the vector before it on {@code vector} and hands it on with
 * its own head appended.
 */
public record RewardHeads(List<RewardHead> heads) {
    public RewardHeads {
        heads = List.copyOf(heads);
    }

    /** This vector with {@code head} appended; a null vector is the empty one. */
    static RewardHeads append(RewardHeads before, RewardHead head) {
        List<RewardHead> l = new ArrayList<>(before == null ? List.of() : before.heads());
        l.add(head);
        return new RewardHeads(l);
    }

    /** The inference shape of a vector: its heads' names. */
    static List<String> names(List<String> before, String name) {
        List<String> l = new ArrayList<>(before == null ? List.of() : before);
        l.add(name);
        return List.copyOf(l);
    }
}
