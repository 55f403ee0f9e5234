/**
 * Light and dark looks of the workbench. {@link io.rlwb.app.ui.theme.Themes#apply} puts a theme's stylesheets
 * on a scene; {@link io.rlwb.app.ui.theme.Theme} also carries the few colours that views drawing on a
 * {@code Canvas} need, since CSS does not reach canvas pixels.
 */
package io.rlwb.app.ui.theme;
