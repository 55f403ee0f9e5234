/**
 * Supervised pre-training of the language policy (teacher forcing, cross-entropy on answer tokens, Adam with a
 * warm-up and decay schedule, gradient clipping) and greedy exact-match evaluation.
 */
package io.rlwb.plugins.llm.sft;
