package io.rlwb.engine.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link HangGuard#await}: returns once the condition holds, fails at once when the awaited thing ends first. */
class HangGuardTest {
    @Test
    void returnsWhenAnotherThreadMakesTheConditionTrue() throws Exception {
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = new Thread(() -> flag.set(true));
        t.start();
        assertThatCode(() -> HangGuard.await("the flag", flag::get, () -> false)).doesNotThrowAnyException();
        t.join();
    }

    @Test
    void failsAtOnceWhenTheAwaitedThingEndsWithoutTheCondition() {
        assertThatThrownBy(() -> HangGuard.await("the member's metrics", () -> false, () -> true))
                .isInstanceOf(AssertionError.class).hasMessage("ended before the member's metrics");
    }

    @Test
    void aConditionThatHoldsWhenTheThingEndsStillCounts() {
        AtomicBoolean done = new AtomicBoolean();
        // false on the first check, true once 'ended' has been asked (the thing wrote its file as it ended)
        assertThatCode(() -> HangGuard.await("the last write", done::get, () -> {
            done.set(true);
            return true;
        })).doesNotThrowAnyException();
    }
}
