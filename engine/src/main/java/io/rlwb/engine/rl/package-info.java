/** Reinforcement-learning components: policies, critics, collectors, estimators, losses and trainers. */
package io.rlwb.engine.rl;
