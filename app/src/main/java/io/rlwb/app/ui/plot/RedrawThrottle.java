package io.rlwb.app.ui.plot;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;

/**
 * Coalesces redraw requests to at most one redraw per frame: {@link #request()} only marks the chart dirty, and
 * an {@link AnimationTimer} (one pulse per frame) runs the redraw once if anything asked for it. Hooks added with
 * {@link #beforeFrame} run at every pulse first (to drain telemetry into the series, say), so data that arrives
 * a thousand times a second still costs one redraw a frame. UI thread only.
 */
public final class RedrawThrottle {
    private final Runnable redraw;
    private final List<Runnable> hooks = new ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse();
        }
    };
    private boolean dirty;
    private boolean running;
    private long redraws;
    private long frames;

    /** @param redraw what draws the chart; run on the UI thread, at most once per frame */
    public RedrawThrottle(Runnable redraw) {
        this.redraw = redraw;
    }

    /** Asks for a redraw at the next frame; cheap, call as often as you like. */
    public void request() {
        dirty = true;
    }

    /** Whether a redraw is pending. */
    public boolean isDirty() {
        return dirty;
    }

    /** Runs {@code hook} at the start of every frame, before the redraw. */
    public void beforeFrame(Runnable hook) {
        hooks.add(hook);
    }

    /** Starts listening to frames (idempotent). */
    public void start() {
        if (!running) {
            running = true;
            timer.start();
        }
    }

    /** Stops listening to frames (idempotent); pending requests wait for the next start. */
    public void stop() {
        if (running) {
            running = false;
            timer.stop();
        }
    }

    /** Whether the frame timer runs. */
    public boolean isRunning() {
        return running;
    }

    /** One frame: the hooks, then the redraw if one was asked for. Called by the timer; tests may call it. */
    public void pulse() {
        frames++;
        for (Runnable h : hooks) h.run();
        if (dirty) {
            dirty = false;
            redraws++;
            redraw.run();
        }
    }

    /** Redraws done so far. */
    public long redraws() {
        return redraws;
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }
}
