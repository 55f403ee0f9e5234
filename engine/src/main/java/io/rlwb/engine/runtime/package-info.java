/** Compiling a validated graph into node instances and driving its trainers on a worker thread. */
package io.rlwb.engine.runtime;
