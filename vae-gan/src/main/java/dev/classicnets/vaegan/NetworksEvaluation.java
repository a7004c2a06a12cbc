package dev.classicnets.vaegan;

import ai.djl.training.dataset.Batch;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Networks;

/** An evaluation that keeps the networks it was run with, for the test report's pictures. */
abstract class NetworksEvaluation implements Evaluation {

    private Networks networks;

    @Override
    public final void add(Batch batch, Networks nets) {
        networks = nets;
        accumulate(batch, nets);
    }

    abstract void accumulate(Batch batch, Networks nets);

    /** The networks of the pass (null before its first batch). */
    Networks networks() {
        return networks;
    }
}
