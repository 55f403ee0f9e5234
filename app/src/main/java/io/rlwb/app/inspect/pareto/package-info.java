/** The Pareto-front view: archive scatter with the front, parallel coordinates, front metrics, policy details. */
package io.rlwb.app.inspect.pareto;
