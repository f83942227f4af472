package dev.weft.http.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The word masks against their byte-at-a-time definitions: every byte value in every lane of a word of otherwise
 * harmless bytes, then random words (high-bit bytes included, where the subtraction's borrows are likeliest to
 * mislead), checking that a mask is zero exactly when no byte qualifies and that its lowest lane is the first byte
 * that does.
 */
class SwarTest {
    private static final byte[] FILLERS = {'a', ' ', (byte) 0xff, (byte) 0x80, '~', '0'};

    static boolean isCrOrLf(int b) {
        return b == '\r' || b == '\n';
    }

    static boolean isNotFieldText(int b) {
        int v = b & 0xff;
        return v < 0x20 || v == 0x7f;
    }

    static long word(byte[] bytes) {
        return Swar.word(bytes, 0);
    }

    @Test
    void crOrLf_everyByteInEveryLane_flagsExactlyCrAndLf() {
        everyByteInEveryLane(Swar::crOrLf, SwarTest::isCrOrLf);
    }

    @Test
    void notFieldText_everyByteInEveryLane_flagsControlsAndDel() {
        everyByteInEveryLane(Swar::notFieldText, SwarTest::isNotFieldText);
    }

    /** Each byte value in each lane of a word of harmless fillers: flagged exactly when it qualifies, in its lane. */
    private static void everyByteInEveryLane(LongUnaryOperator mask,
            IntPredicate qualifies) {
        for (byte filler : FILLERS) {
            for (int lane = 0; lane < 8; lane++) {
                for (int v = 0; v < 256; v++) {
                    byte[] bytes = new byte[8];
                    Arrays.fill(bytes, filler);
                    bytes[lane] = (byte) v;
                    long m = mask.applyAsLong(word(bytes));
                    assertThat(m != 0).as("byte %02x in lane %d, filler %02x", v, lane, filler & 0xff)
                            .isEqualTo(qualifies.test(v));
                    if (m != 0) assertThat(Swar.firstLane(m)).isEqualTo(lane);
                }
            }
        }
    }

    @Test
    void masks_randomWords_zeroExactlyWhenNoByteQualifiesAndLowestLaneIsTheFirst() {
        SplittableRandom rnd = new SplittableRandom(20261207);
        int flaggedCr = 0;
        int flaggedCtl = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                // mostly bytes next to the ones sought (0x0a-0x0e, 0x1f-0x21, 0x7e-0x80), where borrows mislead
                int kind = rnd.nextInt(4);
                bytes[i] = (byte) switch (kind) {
                    case 0 -> 0x09 + rnd.nextInt(6);
                    case 1 -> 0x1e + rnd.nextInt(4);
                    case 2 -> 0x7e + rnd.nextInt(3);
                    default -> rnd.nextInt(256);
                };
            }
            int firstCr = -1;
            int firstCtl = -1;
            for (int i = 7; i >= 0; i--) {
                if (isCrOrLf(bytes[i])) firstCr = i;
                if (isNotFieldText(bytes[i])) firstCtl = i;
            }
            long cr = Swar.crOrLf(word(bytes));
            long ctl = Swar.notFieldText(word(bytes));
            assertThat(cr == 0).as("crOrLf of %s", HexFormat.of().formatHex(bytes)).isEqualTo(firstCr < 0);
            assertThat(ctl == 0).as("notFieldText of %s", HexFormat.of().formatHex(bytes))
                    .isEqualTo(firstCtl < 0);
            if (cr != 0) {
                assertThat(Swar.firstLane(cr)).isEqualTo(firstCr);
                flaggedCr++;
            }
            if (ctl != 0) {
                assertThat(Swar.firstLane(ctl)).isEqualTo(firstCtl);
                flaggedCtl++;
            }
        }
        // the generator reaches both outcomes of both masks
        assertThat(flaggedCr).isBetween(1, 199_999);
        assertThat(flaggedCtl).isBetween(1, 199_999);
    }
}
