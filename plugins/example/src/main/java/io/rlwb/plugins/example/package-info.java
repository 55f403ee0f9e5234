/** The minimal example plugin: one reward-shaping data node (see docs/plugins.md). */
package io.rlwb.plugins.example;
