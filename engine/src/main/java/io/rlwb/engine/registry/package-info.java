/** The node registry: the one place where {@code ServiceLoader} finds node providers. */
package io.rlwb.engine.registry;
