/** Telemetry from the training thread to the run store and the GUI, through bounded non-blocking queues. */
package io.rlwb.engine.telemetry;
