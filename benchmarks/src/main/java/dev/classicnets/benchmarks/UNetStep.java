package dev.classicnets.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.classicnets.common.loss.PixelCrossEntropyLoss;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.unet.UNet;
import java.util.Locale;

/**
 * ClassicNets' side of the U-Net training-step benchmark (unet-step.sh; torch_unet.py is PyTorch's): the
 * cpu preset's network (padded, depth 4, base width 16, batch norm, 11 classes), one fixed random batch
 * of 16 images 64x64 with random masks, Adam 1e-3, per-pixel cross-entropy; a step is forward, loss,
 * backward, update and reading the loss. Arguments: {@code [rounds] [steps]}.
 */
public final class UNetStep {
    private UNetStep() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        UNet net = UNet.padded().optDepth(4).optBaseWidth(16).numClasses(11).build();
        PixelCrossEntropyLoss loss = new PixelCrossEntropyLoss(11);
        Shape input = new Shape(16, 1, 64, 64);
        try (Model model = Model.newInstance("unet")) {
            model.setBlock(net);
            Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
                    .optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0).build()));
            trainer.initialize(input);
            System.out.println("ClassicNets parameters " + Parameters.countTrainable(net));
            NDManager m = model.getNDManager();
            NDList x = new NDList(m.randomNormal(input));
            NDList y = new NDList(m.randomInteger(0, 11, new Shape(16, 1, 64, 64), DataType.INT64));
            for (int i = 0; i < 3; i++) {
                step(trainer, loss, x, y);
            }
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step(trainer, loss, x, y);
                }
                System.out.printf(Locale.ROOT, "ClassicNets round %d: %.1f images/s%n", r + 1,
                        16.0 * steps / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    private static float step(Trainer trainer, PixelCrossEntropyLoss loss, NDList x, NDList y) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            float value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = loss.evaluate(y, trainer.forward(x));
                gc.backward(l);
                value = l.getFloat();
            }
            trainer.step();
            return value;
        }
    }
}
