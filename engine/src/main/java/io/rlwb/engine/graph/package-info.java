/** The graph document (the file contract in DESIGN.md) and its lossless reading and writing. */
package io.rlwb.engine.graph;
