/** The KV-cache view: memory per layer over decode steps, compression, quality, and the token-state map. */
package io.rlwb.app.inspect.kv;
