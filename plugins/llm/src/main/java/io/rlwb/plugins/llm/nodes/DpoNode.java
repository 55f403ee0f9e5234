package io.rlwb.plugins.llm.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.StateReader;
import io.rlwb.engine.spi.StateWriter;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.plugins.llm.policy.FrozenPolicy;
import io.rlwb.plugins.llm.reward.RewardVector;
import io.rlwb.plugins.llm.rl.DpoLoss;
import io.rlwb.plugins.llm.rl.DpoTrainer;
import io.rlwb.plugins.llm.rl.PreferencePair;
import io.rlwb.plugins.llm.sft.LrSchedule;
import io.rlwb.plugins.llm.sft.SftConfig;
import io.rlwb.plugins.llm.task.Example;
import io.rlwb.plugins.llm.task.Split;
import io.rlwb.plugins.llm.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code llm/dpo} trainer: an optional supervised start, then preference pairs (sampled from the start policy
 * and ranked by the wired reward heads, or read from a pairs file), then one {@link DpoTrainer} step per iteration
 * against the frozen start policy as reference, counting each pair as an environment step. Records TRL's
 * {@code rewards/*} (under {@code dpo/}) per step, the same on held-out pairs at the end ({@code eval/rewards/*}), and held-out greedy
 * exact match before and after ({@code eval/accuracy_initial}, {@code eval/accuracy}). With {@code rounds} > 1
 * (iterative DPO) each round after the first re-samples the training pairs from the current policy; the reference
 * and the held-out pairs stay those of the start.
 *
 * <p>State (ADR 0025): the supervised start's ({@link SftStart}), whether DPO has begun, its training pairs (the
 * current round's) and held-out pairs (as made at its start, from the start policy or the file as it was then), and
 * the {@link DpoTrainer}'s
 * (step, Adam, the frozen reference, the minibatch stream); the policy's weights are the policy node's.
 */
final class DpoNode implements Trainer {
    /** TRL's metric names, under this prefix. */
    static final String PREFIX = "dpo/";
    static final MetricSpec[] METRICS = {
        MetricSpec.of(PREFIX + "loss", MetricSpec.Role.KEY, "DPO loss of the step's pairs"),
        MetricSpec.of(PREFIX + "rewards/chosen", MetricSpec.Role.DETAIL, "Mean implicit reward beta log(pi/ref) of chosen"),
        MetricSpec.of(PREFIX + "rewards/rejected", MetricSpec.Role.DETAIL, "Mean implicit reward of rejected completions"),
        MetricSpec.of(PREFIX + "rewards/margins", MetricSpec.Role.DETAIL, "Mean chosen minus rejected implicit reward"),
        MetricSpec.of(PREFIX + "rewards/accuracies", MetricSpec.Role.KEY, "Share of pairs whose chosen reward is higher"),
        MetricSpec.of(PREFIX + "logps/chosen", MetricSpec.Role.DETAIL, "Mean summed log-probability of chosen"),
        MetricSpec.of(PREFIX + "logps/rejected", MetricSpec.Role.DETAIL, "Mean summed log-probability of rejected"),
        MetricSpec.of(PREFIX + "nll_loss", MetricSpec.Role.DETAIL, "Mean NLL of chosen tokens (the RPO term)"),
        MetricSpec.of(PREFIX + "grad_norm", MetricSpec.Role.DETAIL, "Global gradient norm before clipping"),
        MetricSpec.of(PREFIX + "learning_rate", MetricSpec.Role.DETAIL, "Learning rate of the step"),
        MetricSpec.of(PREFIX + "eval/rewards/accuracies", MetricSpec.Role.KEY, "rewards/accuracies on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/margins", MetricSpec.Role.DETAIL, "rewards/margins on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/chosen", MetricSpec.Role.DETAIL, "rewards/chosen on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/rewards/rejected", MetricSpec.Role.DETAIL, "rewards/rejected on held-out pairs"),
        MetricSpec.of(PREFIX + "eval/loss", MetricSpec.Role.DETAIL, "DPO loss on held-out pairs"),
        MetricSpec.of(PREFIX + "train_pairs/rewards/accuracies", MetricSpec.Role.DETAIL,
                "rewards/accuracies on all training pairs, at the evaluation points"),
        MetricSpec.of("dpo/pairs/train", MetricSpec.Role.DETAIL, "Training preference pairs"),
        MetricSpec.of("dpo/pairs/held_out", MetricSpec.Role.DETAIL, "Held-out preference pairs"),
        SftNode.LOSS,
        Evals.INITIAL,
        Evals.FINAL,
    };

    /** How the pairs are made once the supervised start is over. */
    record PairSource(RewardVector rewards, Path file, int prompts, int samples, double temperature, int heldOut,
            int pairsPerPrompt, int rounds) {}

    private final LanguagePolicy policy;
    private final Task task;
    private final SftStart supervised;
    private final PairSource source;
    private final DpoTrainer.Config config;
    private final int steps;
    private final int evalPrompts;
    /** Steps between held-out pair evaluations (0: only at the end). */
    private final int evalEvery;
    private final String nodeId;
    private DpoTrainer dpo;
    private List<PreferencePair> trainPairs;
    private List<PreferencePair> heldOutPairs;
    /** Estimated native bytes a DPO step leaves behind. */
    private final long dpoGarbage;

    DpoNode(String nodeId, LanguagePolicy policy, Task task, SftConfig sftConfig, PairSource source,
            DpoTrainer.Config config, int steps, int evalPrompts, int evalEvery) {
        this.nodeId = nodeId;
        this.policy = policy;
        this.task = task;
        this.supervised = new SftStart(policy, task, sftConfig);
        this.source = source;
        this.config = config;
        this.steps = steps;
        this.evalPrompts = evalPrompts;
        this.evalEvery = evalEvery;
        // chosen and rejected rows, through the policy (with gradients) and the reference
        this.dpoGarbage = supervised.garbage(4L * config.pairsPerStep(), 1);
    }

    static NodeType type() {
        return NodeType.builder("llm/dpo", 1)
                .category("Trainer").displayName("DPO").role(NodeRole.TRAINER)
                .description("Direct preference optimisation (TRL's DPOTrainer) against the frozen start policy: "
                        + "losses sigmoid (DPO), hinge (RSO), ipo and robust (label-smoothed). Pairs come from "
                        + "'pairs_file' (prompt, answer, chosen, rejected, tab-separated; every fifth held out) or, "
                        + "when it is empty, from sampling samples_per_prompt completions of each of 'pairs' "
                        + "training prompts (and eval_pairs held-out ones) and ranking them by the wired reward "
                        + "heads: a best text chosen, a worse one rejected, up to pairs_per_prompt couples per "
                        + "prompt. rpo_alpha > 0 adds the chosen NLL (RPO). An optional supervised start runs "
                        + "first. One step of pairs_per_step pairs per iteration; env_steps counts examples and "
                        + "pairs.")
                .input(AlignmentNodes.POLICY)
                .input(AlignmentNodes.TASK)
                .input(AlignmentNodes.OPTIONAL_HEADS)
                .input(AlignmentNodes.COMBINER)
                .metrics(METRICS)
                .param(ParamSpec.ofChoice("loss_type", "sigmoid", List.of("sigmoid", "hinge", "ipo", "robust"),
                        "DPO loss (TRL's loss_type)"))
                .param(ParamSpec.ofFloat("beta", 0.1, 1e-6, 100.0, "", "Inverse temperature of the implicit reward"))
                .param(ParamSpec.ofFloat("label_smoothing", 0.0, 0.0, 0.499, "",
                        "Assumed label-flip probability (sigmoid and robust)"))
                .param(ParamSpec.ofInt("pairs_per_step", 32, 1, 1 << 16, "pairs", "Pairs per optimiser step"))
                .param(ParamSpec.ofFloat("lr", 5e-4, 1e-8, 1.0, "", "Adam's (peak) learning rate"))
                .param(ParamSpec.ofChoice("lr_scheduler_type", "constant", List.of("constant", "linear", "cosine"),
                        "Learning rate over the DPO steps: constant, or decaying to 0 at the last step"))
                .param(ParamSpec.ofFloat("clip_norm", 1.0, 0.0, 1e6, "", "Global gradient-norm bound (0 = none)"))
                .param(ParamSpec.ofString("pairs_file", "", "Preference pairs file; empty = sample and rank"))
                .param(ParamSpec.ofInt("pairs", 512, 1, 1 << 20, "prompts", "Training prompts sampled for pairs"))
                .param(ParamSpec.ofInt("eval_pairs", 128, 1, 1 << 20, "prompts", "Held-out prompts sampled for pairs"))
                .param(ParamSpec.ofInt("samples_per_prompt", 8, 2, 1024, "completions", "Samples ranked per prompt"))
                .param(ParamSpec.ofFloat("temperature", 1.0, 1e-3, 100.0, "", "Sampling temperature of the pairs"))
                .param(ParamSpec.ofInt("pairs_per_prompt", 1, 1, 1 << 10, "pairs",
                        "Pairs per prompt: a best-scoring text against each distinct worse one"))
                .param(ParamSpec.ofInt("rounds", 1, 1, 1 << 16, "rounds",
                        "Iterative DPO: the steps split into this many rounds; each round after the first re-samples "
                        + "and re-ranks the training pairs from the current policy (reference: the start; "
                        + "held-out pairs: fixed). 1 = pairs made once"))
                .param(ParamSpec.ofFloat("rpo_alpha", 0.0, 0.0, 100.0, "",
                        "Weight of the chosen completions' NLL added to the loss (TRL's rpo_alpha; 0 = plain DPO)"))
                .param(ParamSpec.ofInt("eval_prompts", 200, 1, 1 << 16, "prompts",
                        "Held-out prompts of the greedy exact-match evaluations"))
                .param(ParamSpec.ofInt("eval_every", 0, 0, 1 << 24, "steps",
                        "Steps between evaluations on the held-out (and all training) pairs; 0 = only at the end"))
                .param(ParamSpec.ofInt("sft_steps", 0, 0, 1 << 24, "steps", "Supervised steps before DPO (0 = none)"))
                .param(ParamSpec.ofInt("sft_batch_size", 64, 1, 1 << 16, "examples", "Examples per supervised step"))
                .param(ParamSpec.ofFloat("sft_lr", 3e-3, 1e-7, 1.0, "", "Peak learning rate of the supervised start"))
                .param(ParamSpec.ofInt("sft_warmup_steps", 10, 0, 1 << 24, "steps", "Warm-up of the supervised start"))
                .infer(ctx -> {
                    AlignmentNodes.inferTrainer(ctx);
                    String file = ctx.param("pairs_file").asText();
                    if (!file.isEmpty() && !Files.isRegularFile(Path.of(file))) {
                        ctx.error(null, "parameter 'pairs_file': " + file + " is not a file");
                    }
                    if (file.isEmpty() && ctx.inputShape(AlignmentNodes.OPTIONAL_HEADS, List.class) == null) {
                        ctx.error(AlignmentNodes.OPTIONAL_HEADS.name(), "wire reward heads to rank sampled pairs, or set "
                                + "parameter 'pairs_file'");
                    }
                })
                .factory(ctx -> {
                    SftConfig sft = AlignmentNodes.sftStart(ctx);
                    int per = ctx.intParam("pairs_per_step");
                    int steps = SftStart.stepsAfter(ctx, sft, per);
                    String file = ctx.stringParam("pairs_file");
                    RewardVector rv = ctx.component(AlignmentNodes.OPTIONAL_HEADS) == null ? null
                            : AlignmentNodes.rewards(ctx, AlignmentNodes.OPTIONAL_HEADS);
                    PairSource src = new PairSource(rv, file.isEmpty() ? null : Path.of(file), ctx.intParam("pairs"),
                            ctx.intParam("samples_per_prompt"), ctx.doubleParam("temperature"),
                            ctx.intParam("eval_pairs"), ctx.intParam("pairs_per_prompt"),
                            ctx.intParam("rounds"));
                    DpoTrainer.Config c = new DpoTrainer.Config(per, ctx.doubleParam("lr"), ctx.doubleParam("clip_norm"),
                            new DpoLoss.Config(DpoLoss.LossType.parse(ctx.stringParam("loss_type")),
                                    ctx.doubleParam("beta"), ctx.doubleParam("label_smoothing"),
                                    ctx.doubleParam("rpo_alpha")), ctx.rngSeed(),
                            LrSchedule.valueOf(ctx.stringParam("lr_scheduler_type").toUpperCase(Locale.ROOT)), steps);
                    return new DpoNode(ctx.nodeId(), ctx.component(AlignmentNodes.POLICY),
                            ctx.component(AlignmentNodes.TASK), sft, src, c, steps, ctx.intParam("eval_prompts"),
                            ctx.intParam("eval_every"));
                })
                .build();
    }

    @Override
    public void iterate(RunServices run) {
        if (supervised.step(run)) return;
        if (dpo == null) start(run);
        run.addEnvSteps(config.pairsPerStep());
        if (dpo.steps() >= steps) return;
        if (source.rounds() > 1 && source.file() == null && dpo.steps() > 0) resampleAtRoundStart(run);
        SftStart.publish(run, PREFIX, dpo.step());
        supervised.collect(dpoGarbage);
        if (dpo.steps() == steps || evalEvery > 0 && dpo.steps() % evalEvery == 0) {
            Map<String, Double> e = dpo.evaluate(heldOutPairs);
            run.metric(PREFIX + "eval/rewards/accuracies", e.get("rewards/accuracies"));
            run.metric(PREFIX + "eval/rewards/margins", e.get("rewards/margins"));
            run.metric(PREFIX + "eval/rewards/chosen", e.get("rewards/chosen"));
            run.metric(PREFIX + "eval/rewards/rejected", e.get("rewards/rejected"));
            run.metric(PREFIX + "eval/loss", e.get("loss"));
            run.metric(PREFIX + "train_pairs/rewards/accuracies",
                    dpo.evaluate(trainPairs).get("rewards/accuracies"));
        }
        if (dpo.steps() == steps) {
            run.metric(Evals.FINAL.key(), accuracy());
            writePairs(run.runDirectory());
        }
    }

    /** The file of every pair with its final log-probabilities, {@code <run>/dpo-pairs.tsv}. */
    static final String PAIRS_FILE = "dpo-pairs.tsv";

    /**
     * Writes {@link #PAIRS_FILE}: one line per training and held-out pair, tab-separated: split, prompt, answer,
     * chosen, rejected, then the summed completion log-probabilities of chosen and rejected under the frozen
     * reference and under the trained policy, and the implicit margin {@code beta ((c - c_ref) - (r - r_ref))}
     * ({@code rewards/margins} of that one pair). Says which pairs the policy orders wrongly and how far apart the
     * reference had put them. Nothing without a run directory.
     */
    private void writePairs(Path dir) {
        if (dir == null) return;
        StringBuilder b = new StringBuilder("split\tprompt\tanswer\tchosen\trejected\tref_logp_chosen"
                + "\tref_logp_rejected\tlogp_chosen\tlogp_rejected\tmargin\n");
        appendPairs(b, "train", trainPairs);
        appendPairs(b, "held_out", heldOutPairs);
        try {
            Files.writeString(dir.resolve(PAIRS_FILE), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("node '" + nodeId + "': cannot write " + dir.resolve(PAIRS_FILE), e);
        }
    }

    private void appendPairs(StringBuilder b, String split, List<PreferencePair> pairs) {
        double[][] lp = dpo.pairLogProbs(pairs);
        double beta = config.loss().beta();
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            double[] v = lp[i];
            b.append(split).append('\t').append(tsv(p.example().prompt())).append('\t')
                    .append(tsv(p.example().answer())).append('\t').append(tsv(p.chosen())).append('\t')
                    .append(tsv(p.rejected()));
            b.append(String.format(Locale.ROOT, "\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\n", v[2], v[3], v[0], v[1],
                    beta * ((v[0] - v[2]) - (v[1] - v[3]))));
        }
    }

    /** A field with tabs and line breaks escaped, so that every pair stays one line. */
    private static String tsv(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Freezes the reference, makes the pairs and measures the start. */
    private void start(RunServices run) {
        FrozenPolicy ref = policy.policy().frozenCopy();
        List<PreferencePair> train;
        if (source.file() != null) {
            List<PreferencePair> all;
            try {
                all = PreferencePair.read(source.file());
            } catch (IOException e) {
                throw new UncheckedIOException("node '" + nodeId + "', parameter 'pairs_file': " + e.getMessage(), e);
            }
            train = new ArrayList<>();
            heldOutPairs = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) (i % 5 == 4 ? heldOutPairs : train).add(all.get(i));
            if (heldOutPairs.isEmpty()) heldOutPairs = train;
        } else {
            long seed = config.seed();
            train = DpoTrainer.samplePairs(policy.policy(), policy.tokenizer(), task, source.rewards(), Split.TRAIN,
                    source.prompts(), source.samples(), source.temperature(), source.pairsPerPrompt(), seed);
            heldOutPairs = DpoTrainer.samplePairs(policy.policy(), policy.tokenizer(), task, source.rewards(),
                    Split.TEST, source.heldOut(), source.samples(), source.temperature(), source.pairsPerPrompt(),
                    seed ^ 0x7E57L);
            if (train.isEmpty() || heldOutPairs.isEmpty()) {
                throw new IllegalStateException("node '" + nodeId + "': every sampled group scored the same under "
                        + "the reward heads, so no preference pairs could be made (" + train.size() + " training, "
                        + heldOutPairs.size() + " held out); raise 'temperature' or 'samples_per_prompt'");
            }
        }
        run.metric("dpo/pairs/train", train.size());
        run.metric("dpo/pairs/held_out", heldOutPairs.size());
        trainPairs = train;
        dpo = new DpoTrainer(policy.policy(), ref, policy.tokenizer(), train, config);
        run.metric(Evals.INITIAL.key(), accuracy());
    }

    /**
     * Iterative DPO: at the first step of each round after the first (round r starts at step
     * {@code floor(r * steps / rounds)}) the training pairs are sampled and ranked again from the current policy,
     * with a seed of their own per round, so that they follow the policy's present mistakes rather than the start's.
     * A round whose samples give no pair (every group scored the same) keeps the previous pairs.
     */
    private void resampleAtRoundStart(RunServices run) {
        int at = dpo.steps();
        int rounds = source.rounds();
        for (int r = 1; r < rounds; r++) {
            if ((int) ((long) r * steps / rounds) != at) continue;
            List<PreferencePair> next = DpoTrainer.samplePairs(policy.policy(), policy.tokenizer(), task,
                    source.rewards(), Split.TRAIN, source.prompts(), source.samples(), source.temperature(),
                    source.pairsPerPrompt(), config.seed() + 1000003L * r);
            if (!next.isEmpty()) {
                trainPairs = next;
                dpo.replacePairs(next);
            }
            run.metric("dpo/pairs/train", trainPairs.size());
            return;
        }
    }

    private double accuracy() {
        return SftStart.accuracy(policy, task, evalPrompts, config.seed());
    }

    @Override
    public void saveState(StateWriter out) {
        supervised.saveState(out);
        out.value("dpo_started", dpo == null ? 0 : 1);
        if (dpo == null) return;
        out.value("pairs.train", encodePairs(trainPairs));
        out.value("pairs.held_out", encodePairs(heldOutPairs));
        dpo.saveState(out.under("dpo"));
    }

    /**
     * Restores the supervised start and, when DPO had begun, its pairs and the trainer with its saved reference
     * (the pairs are not made again: the start policy they came from is gone, and a pairs file may have changed).
     */
    @Override
    public void restoreState(StateReader in) {
        supervised.restoreState(in);
        if (in.longValue("dpo_started") == 0) return;
        trainPairs = decodePairs(in.stringValue("pairs.train"), "pairs.train");
        heldOutPairs = decodePairs(in.stringValue("pairs.held_out"), "pairs.held_out");
        dpo = new DpoTrainer(policy.policy(), policy.policy().frozenCopy(), policy.tokenizer(), trainPairs, config);
        dpo.restoreState(in.under("dpo"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Pairs as a JSON array of {@code [prompt, answer, chosen, rejected]} (any character survives). */
    static String encodePairs(List<PreferencePair> pairs) {
        ArrayNode all = JSON.createArrayNode();
        for (PreferencePair p : pairs) {
            all.addArray().add(p.example().prompt()).add(p.example().answer()).add(p.chosen()).add(p.rejected());
        }
        return all.toString();
    }

    /** What {@link #encodePairs} wrote; an error names the state entry. */
    static List<PreferencePair> decodePairs(String json, String name) {
        JsonNode all;
        try {
            all = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dpo state '" + name + "': " + e.getOriginalMessage(), e);
        }
        if (all == null || !all.isArray() || all.isEmpty()) {
            throw new IllegalArgumentException("dpo state '" + name + "': expected a non-empty array of pairs");
        }
        List<PreferencePair> out = new ArrayList<>(all.size());
        for (JsonNode p : all) {
            if (!p.isArray() || p.size() != 4) {
                throw new IllegalArgumentException("dpo state '" + name + "': pair " + out.size()
                        + " is not [prompt, answer, chosen, rejected]");
            }
            out.add(new PreferencePair(new Example(p.get(0).asText(), p.get(1).asText()), p.get(2).asText(),
                    p.get(3).asText()));
        }
        return out;
    }
}
