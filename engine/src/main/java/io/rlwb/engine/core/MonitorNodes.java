package io.rlwb.engine.core;

import io.rlwb.engine.env.EnvFactory;
import io.rlwb.engine.env.EnvSpec;
import io.rlwb.engine.rl.Policy;
import io.rlwb.engine.rl.PolicyEvaluator;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.NodeRole;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.spi.RunServices;
import io.rlwb.engine.spi.ShapeChecks;
import java.util.List;

/** Monitor node types of the core. */
final class MonitorNodes {
    private MonitorNodes() {}

    static final PortSpec<EnvFactory> EVAL_ENV = PortSpec.in("env", PortTypes.ENV,
            "Environment to evaluate on (fresh instances)");
    static final PortSpec<Policy> EVAL_POLICY = PortSpec.in("policy", PortTypes.POLICY, "Policy to evaluate");

    static List<NodeType> all() {
        return List.of(evaluator());
    }

    static NodeType evaluator() {
        return NodeType.builder("core/monitor.eval", 1)
                .category("Monitor").displayName("Evaluator")
                .role(NodeRole.MONITOR)
                .description("Runs separate evaluation episodes of the policy every every_steps training steps "
                        + "and at the end; reports eval/return_mean and eval/return_std.")
                .input(EVAL_ENV)
                .input(EVAL_POLICY)
                .metrics(PolicyEvaluator.METRICS)
                .param(ParamSpec.ofInt("episodes", 20, 1, 10_000, "episodes", "Episodes per evaluation"))
                .param(ParamSpec.ofInt("every_steps", 10_000, 1, Integer.MAX_VALUE, "steps", "Training steps between evaluations"))
                .param(ParamSpec.ofBool("greedy", true, "Take the most likely action instead of sampling"))
                .param(ParamSpec.ofFloat("target_return", 0.0, null, null, "",
                        "Report eval/steps_to_target when the mean return first reaches this (0: off)"))
                .param(ParamSpec.ofBool("stop_at_target", false, "End the run when the target is reached"))
                .infer(ctx -> {
                    EnvSpec e = ctx.inputShape(EVAL_ENV, EnvSpec.class);
                    ShapeChecks.expectSame(ctx, EVAL_POLICY, e, "the environment on 'env'");
                })
                .factory(ctx -> {
                    PolicyEvaluator ev = new PolicyEvaluator(ctx.component(EVAL_ENV),
                            ctx.component(EVAL_POLICY), ctx.intParam("episodes"), ctx.longParam("every_steps"),
                            ctx.boolParam("greedy"), ctx.doubleParam("target_return"), ctx.boolParam("stop_at_target"),
                            ctx.rngSeed());
                    return new Monitor() {
                        @Override public void afterIteration(RunServices run) { ev.afterIteration(run); }

                        @Override public void finish(RunServices run) { ev.finish(run); }

                        @Override public void saveState(io.rlwb.engine.spi.StateWriter out) { ev.saveState(out); }

                        @Override public void restoreState(io.rlwb.engine.spi.StateReader in) { ev.restoreState(in); }
                    };
                })
                .build();
    }
}
