package io.rlwb.plugins.llm.reward.model;

import io.rlwb.engine.nn.Adam;
import io.rlwb.engine.nn.DivergenceGuard;
import io.rlwb.engine.nn.Parameters;
import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.autodiff.Tensor;
import io.rlwb.plugins.llm.task.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits a {@link RewardModel} to labelled completions with Adam on minibatches drawn with replacement, then
 * measures it on held-out completions: per head the mean squared error of the score against the label and the
 * accuracy of thresholding both at 0.5. The number of labelled completions is the caller's budget ("few labels"
 * is a small list).
 */
public final class RewardModelTrainer {
    /**
     * @param steps optimiser steps
     * @param batch completions per step
     * @param lr Adam learning rate (constant)
     */
    public record Config(int steps, int batch, double lr, long seed) {
        public Config {
            if (steps < 0 || batch < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("reward model trainer: steps " + steps + " must be >= 0, batch "
                        + batch + " >= 1, lr " + lr + " > 0");
            }
        }
    }

    /** Held-out quality per head, in head order, and the last training loss. */
    public record Report(List<String> labels, double[] mse, double[] accuracy, double finalLoss) {}

    private RewardModelTrainer() {}

    /** Trains {@code model} in place on {@code train}; returns the last minibatch loss. */
    public static double train(RewardModel model, List<LabelledCompletion> train, Config cfg) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("reward model trainer: no labelled completions to train on");
        }
        Adam adam = new Adam(model.parameters(), cfg.lr(), false);
        DivergenceGuard guard = DivergenceGuard.of("reward-model", model.parameters());
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        double last = Double.NaN;
        for (int s = 0; s < cfg.steps(); s++) {
            List<LabelledCompletion> mb = new ArrayList<>(cfg.batch());
            for (int i = 0; i < cfg.batch(); i++) mb.add(train.get(rng.nextInt(train.size())));
            Tape tape = Tape.training();
            Parameters.zeroGrad(model.parameters());
            Tensor loss = model.loss(tape, encode(model, mb), labels(mb));
            last = loss.value().getDouble(0);
            DivergenceGuard.check("reward model loss", last, "step " + s);
            tape.backward(loss);
            guard.gradients();
            adam.step((double) s / cfg.steps());
        }
        return last;
    }

    /** Per-head held-out MSE and accuracy of {@code reward} on {@code heldOut}. */
    public static Report evaluate(LearnedReward reward, List<LabelledCompletion> heldOut, double finalLoss) {
        int h = reward.names().size();
        double[] mse = new double[h];
        double[] acc = new double[h];
        double[][] s = score(reward, heldOut);
        for (int i = 0; i < heldOut.size(); i++) {
            double[] l = heldOut.get(i).labels();
            for (int k = 0; k < h; k++) {
                double d = s[i][k] - l[k];
                mse[k] += d * d / heldOut.size();
                acc[k] += ((s[i][k] >= 0.5) == (l[k] >= 0.5) ? 1.0 : 0.0) / heldOut.size();
            }
        }
        return new Report(reward.names(), mse, acc, finalLoss);
    }

    /** The scores of {@code items}, batched. */
    public static double[][] score(LearnedReward reward, List<LabelledCompletion> items) {
        Columns k = Columns.of(items);
        return reward.scores(k.examples(), k.completions(), k.finished());
    }

    static RewardModel.Encoded encode(RewardModel model, List<LabelledCompletion> items) {
        Columns k = Columns.of(items);
        return model.encode(k.examples(), k.completions(), k.finished());
    }

    /** Labelled completions as the three parallel lists the models take. */
    private record Columns(List<Example> examples, List<String> completions, List<Boolean> finished) {
        static Columns of(List<LabelledCompletion> items) {
            Columns k = new Columns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (LabelledCompletion l : items) {
                k.examples().add(l.example());
                k.completions().add(l.completion());
                k.finished().add(l.finished());
            }
            return k;
        }
    }

    static double[][] labels(List<LabelledCompletion> items) {
        double[][] t = new double[items.size()][];
        for (int i = 0; i < t.length; i++) t[i] = items.get(i).labels();
        return t;
    }
}
