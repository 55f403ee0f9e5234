/** The language policy's speed measurements ({@link io.rlwb.plugins.llm.bench.LlmBench}). */
package io.rlwb.plugins.llm.bench;
