/** The value-distribution view: a critic's predicted return distribution at probe states, and its ridge plot. */
package io.rlwb.app.inspect.distribution;
