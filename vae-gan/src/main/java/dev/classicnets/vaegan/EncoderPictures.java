package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.RunDirectory;
import java.util.Iterator;

/**
 * The test report's pictures of a model with an encoder: reconstructions (inputs above, their
 * reconstructions from the mean code below), an interpolation between the codes of pairs of test
 * images, and for a 2-d code the test images' means scattered by class.
 */
final class EncoderPictures {
    private EncoderPictures() {}

    static final String RECONSTRUCTIONS = "reconstructions.png";
    static final String INTERPOLATION = "interpolation.png";
    static final String LATENT = "latent.png";
    private static final int STEPS = 10;

    static void write(Networks networks, Generation generation, Batches testData, LabeledImages labelled,
            RunDirectory dir) {
        Trainer encoder = networks.trainer("encoder");
        Trainer decoder = networks.trainer("decoder");
        try (NDManager m = encoder.getManager().newSubManager()) {
            Iterator<Batch> it = testData.getData(m).iterator();
            NDArray x;
            try (Batch first = it.next()) {
                x = first.getData().head().get(":16");
                x.attach(m);
            }
            while (it.hasNext()) {
                it.next().close(); // let the prefetching pass end
            }
            NDArray mu = encoder.evaluate(new NDList(x)).head();
            NDArray rec = generation.images(decoder::evaluate, mu);
            NDArray in = generation.dataPixels(x);
            NDArray rows = NDArrays.concat(new NDList(in.get(":8"), rec.get(":8"), in.get("8:"), rec.get("8:")));
            Mosaic.write(rows, 8, "test images (rows 1, 3) and their reconstructions (rows 2, 4)",
                    dir.resolve(RECONSTRUCTIONS));

            NDArray a = mu.get(":8");
            NDArray b = mu.get("8:16");
            NDList steps = new NDList();
            for (int i = 0; i < 8; i++) {
                for (int s = 0; s < STEPS; s++) {
                    float t = s / (float) (STEPS - 1);
                    steps.add(a.get(i).mul(1 - t).add(b.get(i).mul(t)).expandDims(0));
                }
            }
            Mosaic.write(generation.images(decoder::evaluate, NDArrays.concat(steps)), STEPS,
                    "from one test image's code to another's, in " + STEPS + " steps", dir.resolve(INTERPOLATION));
            if (generation.latent() == 2 && labelled != null) {
                LatentScatter.write(means(encoder, labelled, m), labelled, dir.resolve(LATENT));
            }
        }
    }

    /** The encoder's mean code of every labelled image, (N, 2), in batches of 500. */
    private static float[] means(Trainer encoder, LabeledImages images, NDManager manager) {
        int pixels = images.channels() * images.height() * images.width();
        float[] out = new float[images.size() * 2];
        for (int start = 0; start < images.size(); start += 500) {
            int n = Math.min(500, images.size() - start);
            float[] data = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.image(start + i).data(), 0, data, i * pixels, pixels);
            }
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(data, new Shape(n, images.channels(), images.height(), images.width()));
                System.arraycopy(encoder.evaluate(new NDList(x)).head().toFloatArray(), 0, out, start * 2, n * 2);
            }
        }
        return out;
    }
}
