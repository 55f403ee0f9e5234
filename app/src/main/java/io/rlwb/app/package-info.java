/** The application's entry point: the window without arguments, the command line otherwise. */
package io.rlwb.app;
