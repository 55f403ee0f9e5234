/**
 * Where the workbench keeps things between sessions, and the files it offers: the settings folder
 * ({@code ~/.workbench}, moved with {@code -Dworkbench.user.home}), recent files, recovery copies of unsaved
 * work, and the sample graphs. No JavaFX here.
 */
package io.rlwb.app.files;
