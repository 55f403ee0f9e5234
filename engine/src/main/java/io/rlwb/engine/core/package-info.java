/** Declarations of the core node types, contributed through {@link io.rlwb.engine.core.CoreNodes}. */
package io.rlwb.engine.core;
