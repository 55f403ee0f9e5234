/** Environments with Gymnasium's conventions, and vectorised stepping. */
package io.rlwb.engine.env;
