package dev.weft.internal.sync;

import dev.weft.future.Context;

/**
 * The cooperative-budget protocol of the coordination primitives: check the budget before taking a resource,
 * spend one unit when returning {@code Ready} (Tokio's {@code coop::poll_proceed} + {@code made_progress}).
 *
 * <p>Checking first means a task whose budget is spent never takes permits it cannot report, and a poll that
 * ends {@code Pending} for another reason costs no budget.
 */
public final class Coop {
    private Coop() {}

    /**
     * True when the task may take a resource in this poll. When the budget is spent it wakes the task (through
     * {@link Context#consumeBudget()}) and returns false: the caller must return {@code Pending} at once.
     */
    public static boolean proceed(Context cx) {
        if (cx.remainingBudget() != 0) return true;
        cx.consumeBudget(); // budget is 0: wakes the task and returns false
        return false;
    }

    /** Spends one unit of budget; call it right before returning {@code Ready} after {@link #proceed}. */
    public static void madeProgress(Context cx) {
        cx.consumeBudget();
    }
}
