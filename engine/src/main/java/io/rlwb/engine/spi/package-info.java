/**
 * The node SPI: how node types declare themselves (ports, parameters, inference, factory) and what their
 * runtime instances may use. Plugins depend on this package and on the engine's public component types
 * ({@code io.rlwb.engine.env}, {@code io.rlwb.engine.rl}, {@code io.rlwb.engine.nn}) only.
 */
package io.rlwb.engine.spi;
