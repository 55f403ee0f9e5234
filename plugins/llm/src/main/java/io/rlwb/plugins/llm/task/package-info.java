/**
 * Verifiable tasks generated from a seed, with disjoint training and held-out splits: multi-digit addition and
 * long-context key-value recall; exact-match scoring.
 */
package io.rlwb.plugins.llm.task;
