/** The credit-assignment inspector: per-step credit of episodes, per-token advantages and prefix trees. */
package io.rlwb.app.inspect.credit;
