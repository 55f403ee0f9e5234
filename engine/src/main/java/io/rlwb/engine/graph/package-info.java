/** The graph document (the file contract in docs/contracts.md) and its lossless reading and writing. */
package io.rlwb.engine.graph;
