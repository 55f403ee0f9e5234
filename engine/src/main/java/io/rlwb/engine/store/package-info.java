/** The run directory: graph as run, run record, metrics, summary, telemetry and checkpoints. */
package io.rlwb.engine.store;
