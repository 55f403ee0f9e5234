/** The sweep dialog's state: what varies, the trials as they run, and the metric-against-parameter points. */
package io.rlwb.app.viewmodel.sweeps;
