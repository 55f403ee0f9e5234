package io.rlwb.app.inspect.curves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LegendLayoutTest {
    @Test
    void entriesThatFitSitRightAlignedOnTheTitleLine() {
        // Two entries of 60 and 40 px ending at 300, title ending at 100: 40 + 22 + 14 = 76 to the left.
        LegendLayout l = LegendLayout.place(new double[] {60, 40}, 300, 100);
        assertFalse(l.inBox());
        assertArrayEquals(new double[] {300 - 76, 300}, l.x(), 1e-9);
    }

    @Test
    void whenOneEntryDoesNotFitEveryEntryGoesIntoTheBox() {
        // The run panel's width: the second entry fits, the first would run into the title. None is dropped.
        LegendLayout l = LegendLayout.place(new double[] {90, 75}, 260, 54);
        assertTrue(l.inBox());
    }

    @Test
    void anEntryExactlyReachingTheTitleStillFitsOnTheLine() {
        LegendLayout l = LegendLayout.place(new double[] {78}, 200, 100);
        assertFalse(l.inBox());
    }
}
