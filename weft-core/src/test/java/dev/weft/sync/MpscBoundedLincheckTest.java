package dev.weft.sync;

/**
 * {@link MpscLincheckScenario} on a bounded channel of capacity 8, more than the sends of a scenario, so "full"
 * is never observed (the scenario's javadoc says why the full boundary is left to MpscTest and MpscStressTest).
 */
public class MpscBoundedLincheckTest extends MpscLincheckScenario {
    public MpscBoundedLincheckTest() {
        super(Mpsc.bounded(8));
    }

    @Override
    protected boolean longModelCheckApplies() {
        return false; // the permit-in-flight window of MpscLincheckScenario#modelCheckingLong
    }
}
