/**
 * The node types of plugin {@code llm}, registered by {@link io.rlwb.plugins.llm.nodes.LlmNodes}: tasks, the
 * transformer policy, the seven attention kernels (which compose by wiring one into another's {@code inner}
 * input), supervised pre-training and the KV-cache decode monitor. The public port types are in
 * {@link io.rlwb.plugins.llm.nodes.LlmPorts} (ADR 0017). docs/algorithms/transformer-policy.md lists the node
 * types and their parameters.
 */
package io.rlwb.plugins.llm.nodes;
