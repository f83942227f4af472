package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Worker I8: the spin before parking shrinks while it finds nothing and grows back while it pays. */
class WorkerSpinTest {

    @Test
    void fruitlessSpins_halveTheSpin_downToTheMinimum_andNoFurther() {
        int rounds = Worker.SPIN_ROUNDS;
        int steps = 0;
        while (rounds > Worker.MIN_SPIN_ROUNDS) {
            int next = Worker.adaptSpin(rounds, false);
            assertThat(next).isEqualTo(Math.max(Worker.MIN_SPIN_ROUNDS, rounds / 2));
            rounds = next;
            steps++;
        }
        assertThat(steps).as("log2(SPIN_ROUNDS) halvings").isEqualTo(Integer.numberOfTrailingZeros(Worker.SPIN_ROUNDS));
        assertThat(Worker.adaptSpin(Worker.MIN_SPIN_ROUNDS, false)).isEqualTo(Worker.MIN_SPIN_ROUNDS);
    }

    @Test
    void spinsThatFindWork_doubleTheSpin_upToTheMaximum_andNoFurther() {
        int rounds = Worker.MIN_SPIN_ROUNDS;
        int steps = 0;
        while (rounds < Worker.SPIN_ROUNDS) {
            int next = Worker.adaptSpin(rounds, true);
            assertThat(next).isEqualTo(Math.min(Worker.SPIN_ROUNDS, rounds * 2));
            rounds = next;
            steps++;
        }
        assertThat(steps).isEqualTo(Integer.numberOfTrailingZeros(Worker.SPIN_ROUNDS));
        assertThat(Worker.adaptSpin(Worker.SPIN_ROUNDS, true)).isEqualTo(Worker.SPIN_ROUNDS);
    }

    @Test
    void aWorkerThatSpinsAtTheMinimum_stillSpinsOnce() {
        // the spin never reaches zero: a worker always looks once more before it parks
        assertThat(Worker.MIN_SPIN_ROUNDS).isPositive();
        for (int r = Worker.MIN_SPIN_ROUNDS; r <= Worker.SPIN_ROUNDS; r <<= 1) {
            assertThat(Worker.adaptSpin(r, false)).isBetween(Worker.MIN_SPIN_ROUNDS, Worker.SPIN_ROUNDS);
            assertThat(Worker.adaptSpin(r, true)).isBetween(Worker.MIN_SPIN_ROUNDS, Worker.SPIN_ROUNDS);
        }
    }
}
