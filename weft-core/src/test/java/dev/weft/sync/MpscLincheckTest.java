package dev.weft.sync;

/** {@link MpscLincheckScenario} on an unbounded channel: every operation is checked. */
public class MpscLincheckTest extends MpscLincheckScenario {
    public MpscLincheckTest() {
        super(Mpsc.unbounded());
    }
}
