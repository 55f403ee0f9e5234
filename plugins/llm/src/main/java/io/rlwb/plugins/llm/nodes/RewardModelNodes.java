package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.BuildContext;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortType;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Stateful;
import io.rlwb.plugins.llm.reward.BrevityHead;
import io.rlwb.plugins.llm.reward.CorrectnessHead;
import io.rlwb.plugins.llm.reward.FormatHead;
import io.rlwb.plugins.llm.reward.RewardHead;
import io.rlwb.plugins.llm.reward.model.CompletionSampler;
import io.rlwb.plugins.llm.reward.model.LabelledCompletion;
import io.rlwb.plugins.llm.reward.model.LearnedReward;
import io.rlwb.plugins.llm.reward.model.LearnedRewardHead;
import io.rlwb.plugins.llm.reward.model.RewardEnsemble;
import io.rlwb.plugins.llm.reward.model.RewardModel;
import io.rlwb.plugins.llm.reward.model.RewardModelTrainer;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The learned-reward node types of plugin {@code llm}: {@code llm/reward-model} (one multi-label transformer
 * reward model) and {@code llm/rm-ensemble} ({@code k} of them from different seeds, combined). Both take the task,
 * label {@code labels} sampled completions of its training split with the rule-based correctness, format and
 * brevity heads, train on the first pull of a score (so building and validating a graph stays cheap) and then
 * score completions as a vector, one entry per label. Their output port {@link #LEARNED_REWARD} carries a
 * {@link LearnedReward}; {@link LearnedReward#heads()} turns it into {@link RewardHead}s for a
 * {@link io.rlwb.plugins.llm.reward.RewardVector}.
 */
public final class RewardModelNodes extends LlmProvider {
    /** A learned vector reward over completions ({@code learned-reward}). */
    public static final PortType<LearnedReward> LEARNED_REWARD = PortType.component("learned-reward",
            LearnedReward.class, "A learned reward model (or ensemble) scoring a completion on several labels");

    static final PortSpec<Task> TASK = PortSpec.in("task", LlmPorts.LM_TASK,
            "The task whose sampled completions are labelled and scored");
    static final PortSpec<LearnedReward> OUT = PortSpec.out("reward", LEARNED_REWARD,
            "Scores per label: correctness (probability), format (probability), brevity (regression)");


    @Override
    public List<NodeType> nodeTypes() {
        return List.of(single(), ensemble(), learnedHead());
    }

    /** The labels every member scores, in output order (also the inference shape of {@link #OUT}). */
    static final List<String> LABELS = List.of("correctness", "format", "brevity");

    static final PortSpec<LearnedReward> MODEL_IN = PortSpec.in("model", LEARNED_REWARD,
            "The learned reward (llm/reward-model or llm/rm-ensemble) one of whose labels becomes the head");

    /**
     * {@code llm/reward-learned}: one label of a learned reward as a head of a {@code reward-vector}, chained like
     * the rule-based heads ({@link RewardNodes}), so GRPO optimises the learned proxy through its ordinary
     * {@code reward} input. The label must be one the model scores (a validation error names the parameter).
     */
    static NodeType learnedHead() {
        return NodeType.builder("llm/reward-learned", 1)
                .category("Reward").displayName("Learned reward head")
                .description("One label of a learned reward model or ensemble (its 'label' score: a probability for "
                        + "correctness and format, a regression for brevity) as a reward head named rm/<label>, "
                        + "appended to the vector on 'vector'. Wire the last vector into llm/grpo's 'reward' to "
                        + "optimise the proxy, and the rule-based heads into its 'gold' to see overoptimisation.")
                .input(MODEL_IN)
                .input(RewardNodes.IN)
                .output(RewardNodes.OUT)
                .param(ParamSpec.ofString("label", "correctness", "Label of the learned reward to use as the head"))
                .infer(ctx -> {
                    @SuppressWarnings("unchecked")
                    List<String> labels = ctx.inputShape(MODEL_IN, List.class);
                    String label = ctx.param("label").asText();
                    if (labels != null && !labels.contains(label)) {
                        ctx.error(null, "parameter 'label': the wired reward model scores " + labels + ", not '"
                                + label + "'");
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    List<String> before = ctx.inputShape(RewardNodes.IN, List.class);
                    ctx.outputShape(RewardNodes.OUT, RewardHeads.names(before, "rm/" + label));
                })
                .factory(ctx -> {
                    LearnedRewardHead head;
                    try {
                        head = new LearnedRewardHead(ctx.component(MODEL_IN), ctx.stringParam("label"));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("node '" + ctx.nodeId() + "' " + e.getMessage(), e);
                    }
                    return NodeInstance.ofComponent(RewardNodes.OUT,
                            RewardHeads.append(ctx.component(RewardNodes.IN), head));
                })
                .build();
    }

    private static List<ParamSpec> common() {
        return List.of(
                ParamSpec.ofInt("labels", 256, 1, 1 << 20, "completions", "Labelled training completions (the "
                        + "label budget)"),
                ParamSpec.ofInt("brevity_budget", 4, 1, 1 << 10, "characters", "Budget of the brevity label head"),
                ParamSpec.ofInt("width", 32, 4, 1024, "", "Transformer width"),
                ParamSpec.ofInt("heads", 4, 1, 64, "", "Attention heads (must divide width)"),
                ParamSpec.ofInt("layers", 2, 1, 32, "", "Transformer blocks"),
                ParamSpec.ofChoice("pooling", "last", List.of("last", "mean"), "How token states become one vector"),
                ParamSpec.ofInt("steps", 300, 0, 1 << 24, "steps", "Adam steps"),
                ParamSpec.ofInt("batch_size", 32, 1, 1 << 16, "completions", "Completions per step"),
                ParamSpec.ofFloat("lr", 3e-3, 1e-7, 1.0, "", "Adam learning rate"),
                ParamSpec.ofInt("seed", 1, 0, Integer.MAX_VALUE, "", "Labels, initialisation and minibatch order"));
    }

    static NodeType single() {
        NodeType.Builder b = NodeType.builder("llm/reward-model", 1)
                .category("Reward").displayName("Learned reward model")
                .description("A small transformer over prompt and completion with one head per label "
                        + "(correctness and format by BCE, brevity by MSE), trained on 'labels' completions of the "
                        + "task's training split labelled by the rule-based heads. Trains at the first score.")
                .input(TASK).output(OUT);
        for (ParamSpec p : common()) b.param(p);
        return b.infer(ctx -> ctx.outputShape(OUT, LABELS))
                .factory(ctx -> NodeInstance.ofComponent(OUT, new Lazy(recipe(ctx), 1,
                        RewardEnsemble.Combination.MEAN, 0))).build();
    }

    static NodeType ensemble() {
        NodeType.Builder b = NodeType.builder("llm/rm-ensemble", 1)
                .category("Reward").displayName("Reward model ensemble")
                .description("k learned reward models trained on the same labels from seeds seed, seed+1, ...; "
                        + "scores combined per label by mean, worst case (min) or mean - kappa * std "
                        + "(Coste et al. 2023). Trains at the first score.")
                .input(TASK).output(OUT);
        for (ParamSpec p : common()) b.param(p);
        b.param(ParamSpec.ofInt("k", 4, 1, 64, "members", "Ensemble members"));
        b.param(ParamSpec.ofChoice("combination", "uncertainty_weighted",
                List.of("mean", "worst_case", "uncertainty_weighted"), "How member scores combine"));
        b.param(ParamSpec.ofFloat("kappa", 1.0, 0.0, 100.0, "", "Std penalty of uncertainty_weighted"));
        return b.factory(ctx -> NodeInstance.ofComponent(OUT, new Lazy(recipe(ctx), ctx.intParam("k"),
                RewardEnsemble.Combination.valueOf(ctx.stringParam("combination").toUpperCase(Locale.ROOT)),
                ctx.doubleParam("kappa")))).infer(ctx -> ctx.outputShape(OUT, LABELS)).build();
    }

    /** Everything a member needs, read from the node's parameters. */
    record Recipe(Task task, int labels, int brevityBudget, int width, int heads, int layers,
            RewardModel.Pooling pooling, RewardModelTrainer.Config train, long seed) {
        List<RewardHead> labelHeads() {
            return List.of(new CorrectnessHead(task), new FormatHead(), new BrevityHead(brevityBudget));
        }

        RewardModel.Config model(long memberSeed) {
            return new RewardModel.Config(LABELS,
                    List.of(RewardModel.Loss.BCE, RewardModel.Loss.BCE, RewardModel.Loss.MSE), width, heads, layers,
                    task.maxPromptTokens() + 2 * task.maxAnswerLength() + 4, pooling, memberSeed, DataType.FLOAT);
        }
    }

    private static Recipe recipe(BuildContext ctx) {
        int width = ctx.intParam("width");
        int heads = ctx.intParam("heads");
        if (width % heads != 0) {
            throw new IllegalArgumentException("node '" + ctx.nodeId() + "' parameter 'heads' (" + heads
                    + ") must divide 'width' (" + width + ")");
        }
        long seed = ctx.longParam("seed");
        return new Recipe(ctx.component(TASK), ctx.intParam("labels"), ctx.intParam("brevity_budget"), width, heads,
                ctx.intParam("layers"), RewardModel.Pooling.valueOf(ctx.stringParam("pooling").toUpperCase(Locale.ROOT)),
                new RewardModelTrainer.Config(ctx.intParam("steps"), ctx.intParam("batch_size"),
                        ctx.doubleParam("lr"), seed), seed);
    }

    /**
     * Trains its members on the first call of {@link #scores}, then delegates to the ensemble. Its state is whether
     * it has trained and, if so, every member's weights ({@code member<i>.}); a restored one scores at once with them
     * instead of training again.
     */
    static final class Lazy implements LearnedReward, Stateful {
        private final Recipe recipe;
        private final int k;
        private final RewardEnsemble.Combination combination;
        private final double kappa;
        private RewardEnsemble trained;

        Lazy(Recipe recipe, int k, RewardEnsemble.Combination combination, double kappa) {
            this.recipe = recipe;
            this.k = k;
            this.combination = combination;
            this.kappa = kappa;
        }

        @Override
        public List<String> names() {
            return recipe.model(0).labels();
        }

        /** The k members' forward passes, known from the recipe before they are trained. */
        @Override
        public long scoringBytes(long rows) {
            long sum = 0;
            for (int i = 0; i < k; i++) sum += RewardModel.forwardBytes(recipe.model(recipe.seed() + i), rows);
            return sum;
        }

        @Override
        public synchronized double[][] scores(List<Example> examples, List<String> completions,
                List<Boolean> finished) {
            return ensemble().scores(examples, completions, finished);
        }

        @Override
        public synchronized void saveState(StateWriter out) {
            out.value("trained", trained == null ? 0 : 1);
            if (trained == null) return;
            for (int i = 0; i < k; i++) {
                RewardModel m = (RewardModel) trained.members().get(i);
                out.tensors("member" + i, NodeInstance.parameterTensors(m.parameters()));
            }
        }

        @Override
        public synchronized void restoreState(StateReader in) {
            if (in.longValue("trained") == 0) {
                trained = null;
                return;
            }
            CharTokenizer tok = tokenizer();
            List<RewardModel> members = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                RewardModel m = new RewardModel(recipe.model(recipe.seed() + i), tok);
                io.rlwb.engine.nn.NamedTensors.copyInto(NodeInstance.parameterTensors(m.parameters()),
                        in.tensors("member" + i), "reward model member " + i);
                members.add(m);
            }
            trained = new RewardEnsemble(members, combination, kappa);
        }

        private CharTokenizer tokenizer() {
            return new CharTokenizer(recipe.task().alphabet(), recipe.task().separators());
        }

        /** The trained ensemble (one member for {@code llm/reward-model}); trains it on the first call. */
        synchronized RewardEnsemble ensemble() {
            if (trained == null) {
                Task task = recipe.task();
                CharTokenizer tok = tokenizer();
                List<LabelledCompletion> data = new CompletionSampler(task, recipe.labelHeads())
                        .sample(Split.TRAIN, recipe.labels(), recipe.seed());
                List<RewardModel> members = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    RewardModel m = new RewardModel(recipe.model(recipe.seed() + i), tok);
                    RewardModelTrainer.Config t = recipe.train();
                    RewardModelTrainer.train(m, data, new RewardModelTrainer.Config(t.steps(), t.batch(), t.lr(),
                            t.seed() + i));
                    members.add(m);
                }
                trained = new RewardEnsemble(members, combination, kappa);
            }
            return trained;
        }
    }
}
