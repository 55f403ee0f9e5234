/**
 * Vector-valued estimation for multi-objective rewards: a critic with one value head per objective and GAE run
 * per objective, so scalarisation can happen after estimation (see docs/decisions/0005-vector-rewards.md).
 */
package io.rlwb.engine.rl.vector;
