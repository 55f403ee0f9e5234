/**
 * Policy optimisation of language policies: GRPO's loss ({@link io.rlwb.plugins.llm.rl.GrpoLoss}) and trainer, DPO's
 * losses and trainer, group-relative and TEMPO advantage estimators (the group's prefix tree), and the credit
 * snapshots they publish. See docs/algorithms/grpo.md, dpo.md and tempo.md.
 */
package io.rlwb.plugins.llm.rl;
