package dev.classicnets.benchmarks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.classicnets.alexnet.AlexNet;
import dev.classicnets.alexnet.AlexNetRecipe;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.registry.ModelRegistry;
import dev.classicnets.googlenet.GoogLeNet;
import dev.classicnets.googlenet.GoogLeNetRecipe;
import dev.classicnets.googlenet.Variant;
import dev.classicnets.lenet.LeNet5;
import dev.classicnets.lenet.LeNetRecipe;
import dev.classicnets.resnet.ResNet;
import dev.classicnets.resnet.ResNetRecipe;
import dev.classicnets.unet.UNet;
import dev.classicnets.vaegan.PresetTask;
import dev.classicnets.vgg.Vgg;
import dev.classicnets.vgg.VggRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every case the harness knows, as data: the networks of the cpu presets at their presets' input, batch
 * and optimizer; torchvision's networks at 224x224 (our registry's builds, which load torchvision's
 * weights); inference; the optimizer step alone; the transposed convolution at U-Net's and DCGAN's shapes; a
 * whole epoch of each cpu preset's recipe (data pipeline and loop) against a DataLoader epoch in PyTorch.
 */
final class Cases {

    private Cases() {}

    /** A network with the input one step gets (N, C, H, W) and how it is trained. */
    record Net(String name, Supplier<Block> block, int classes, long[] input, Opt optimizer) {}

    /** An optimizer both sides build alike (torch.optim's rules). */
    private record Opt(String name, float lr, float weightDecay) {
        Map<String, Object> json() {
            return Map.of("name", name, "lr", lr, "weight_decay", weightDecay);
        }

        OptimizerSettings settings() {
            return OptimizerSettings.of(name, lr, weightDecay);
        }

        @Override
        public String toString() {
            return name + " " + plain(lr) + (weightDecay > 0 ? " wd " + plain(weightDecay) : "");
        }

        static String plain(float x) {
            return new java.math.BigDecimal(Float.toString(x)).toPlainString();
        }
    }

    private static final Opt SGD_MOMENTUM = new Opt("momentum", 0.01f, 0f);

    private static final List<Net> PRESET_NETWORKS = List.of(
            new Net("lenet5", () -> LeNet5.builder().build(), 10, new long[] {128, 1, 28, 28}, new Opt("adam", 1e-3f, 0f)),
            new Net("resnet20", () -> ResNet.builder().depth(20).numClasses(10).optInChannels(1).build(), 10,
                    new long[] {128, 1, 28, 28}, new Opt("momentum", 0.1f, 5e-4f)),
            new Net("vgg-a-bn-cpu", () -> Vgg.builder().config(Vgg.Config.A).optBatchNorm(true).optWidthMultiplier(0.25f)
                    .optClassifierWidth(256).optPoolSize(1).optDropout(0.5f).numClasses(10).optInChannels(1).build(),
                    10, new long[] {128, 1, 32, 32}, new Opt("momentum", 0.01f, 5e-4f)),
            new Net("googlenet", () -> GoogLeNet.builder().variant(Variant.TORCHVISION).numClasses(10).optInChannels(1)
                    .build(), 10, new long[] {128, 1, 32, 32}, new Opt("adam", 1e-3f, 0f)),
            new Net("alexnet-cpu", () -> AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(10).optInChannels(1)
                    .optWidthMultiplier(0.5f).optClassifierWidth(1024).optPoolSize(1).optDropout(0f).build(),
                    10, new long[] {128, 1, 67, 67}, new Opt("adam", 1e-3f, 0f)));

    private static Net imagenet(String name, int batch, int side) {
        return new Net(name, () -> ModelRegistry.get(name).build(1000, 3), 1000, new long[] {batch, 3, side, side},
                SGD_MOMENTUM);
    }

    private static final List<Net> IMAGENET_NETWORKS = List.of(imagenet("resnet18", 8, 224), imagenet("resnet18", 64, 32),
            imagenet("resnet50", 4, 224), imagenet("googlenet", 8, 224), imagenet("alexnet", 32, 224),
            imagenet("vgg11", 4, 224));

    /** Every network a case times, by the name of its PyTorch replica. */
    static List<Net> networks() {
        List<Net> all = new ArrayList<>(PRESET_NETWORKS);
        all.addAll(IMAGENET_NETWORKS);
        all.add(UNET);
        return all;
    }

    /**
     * A cpu preset's epoch: the recipe that runs it, its network, batch and optimizer (what PyTorch's side
     * rebuilds; its transforms are named by the network in torch_peer.py).
     */
    private record PresetEpoch(Supplier<Object> recipe, Net net, int batch, Opt optimizer) {}

    private static final List<PresetEpoch> PRESET_EPOCHS = List.of(
            new PresetEpoch(LeNetRecipe::new, PRESET_NETWORKS.get(0), 64, new Opt("adam", 2e-3f, 0f)),
            new PresetEpoch(ResNetRecipe::new, PRESET_NETWORKS.get(1), 128, PRESET_NETWORKS.get(1).optimizer()),
            new PresetEpoch(VggRecipe::new, PRESET_NETWORKS.get(2), 128, PRESET_NETWORKS.get(2).optimizer()),
            new PresetEpoch(GoogLeNetRecipe::new, PRESET_NETWORKS.get(3), 128, PRESET_NETWORKS.get(3).optimizer()),
            new PresetEpoch(AlexNetRecipe::new, PRESET_NETWORKS.get(4), 128, PRESET_NETWORKS.get(4).optimizer()));

    /** The U-Net of the unet cpu preset (padded, depth 4, base width 16, batch norm) on 64x64 scenes. */
    private static final Net UNET = new Net("unet", () -> UNet.padded().optDepth(4).optBaseWidth(16).numClasses(11).build(),
            11, new long[] {16, 1, 64, 64}, new Opt("adam", 1e-3f, 0f));

    /**
     * @param epochImages training images in an epoch case (0: all 60,000)
     * @param data the Fashion-MNIST folder PyTorch's epochs read
     */
    static List<BenchCase> all(int epochImages, Path data) {
        List<BenchCase> cases = new ArrayList<>();
        for (Net n : PRESET_NETWORKS) {
            cases.add(train(n));
        }
        for (Net n : IMAGENET_NETWORKS) {
            cases.add(train(n));
        }
        cases.add(segmentation(UNET));
        for (String model : List.of("vae", "conv-vae", "dcgan")) {
            cases.add(generative(model));
        }
        for (Net n : List.of(PRESET_NETWORKS.get(0), PRESET_NETWORKS.get(1), IMAGENET_NETWORKS.get(0),
                IMAGENET_NETWORKS.get(2), IMAGENET_NETWORKS.get(3))) {
            cases.add(infer(n));
        }
        for (String network : List.of("vgg11", "resnet18")) {
            int classes = network.equals("vgg11") ? 10 : 1000;
            for (Opt opt : List.of(SGD_MOMENTUM, new Opt("adam", 1e-3f, 0f))) {
                cases.add(optimizer(network, classes, opt));
            }
        }
        cases.add(convTranspose("unet-up1", new long[] {1, 1024, 28, 28}, 512, 2, 2, 0));
        cases.add(convTranspose("unet-small", new long[] {8, 128, 16, 16}, 64, 2, 2, 0));
        cases.add(convTranspose("dcgan-4to8", new long[] {64, 512, 4, 4}, 256, 4, 2, 1));
        cases.add(convTranspose("dcgan-16to32", new long[] {64, 128, 16, 16}, 64, 4, 2, 1));
        cases.add(convTranspose("dcgan-rgb", new long[] {64, 64, 32, 32}, 3, 4, 2, 1));
        for (PresetEpoch e : PRESET_EPOCHS) {
            cases.add(epoch(e, epochImages, data));
        }
        return cases;
    }

    private static String shape(long[] input) {
        return String.format(Locale.ROOT, "%dx%dx%d b%d", input[1], input[2], input[3], input[0]);
    }

    private static BenchCase train(Net n) {
        Map<String, Object> torch = network("train", n);
        torch.put("optimizer", n.optimizer().json());
        return new BenchCase("train/" + n.name() + "-" + n.input()[2], n.name() + " " + shape(n.input()) + ", " + n.optimizer(),
                (int) n.input()[0], () -> new NetworkStep(n.block().get(), new Shape(n.input()), n.classes(),
                        n.optimizer().settings()), torch);
    }

    private static BenchCase segmentation(Net n) {
        Map<String, Object> torch = network("train", n);
        torch.put("optimizer", n.optimizer().json());
        torch.put("masks", true);
        return new BenchCase("train/" + n.name() + "-" + n.input()[2], n.name() + " " + shape(n.input())
                + ", per-pixel cross-entropy, " + n.optimizer(), (int) n.input()[0],
                () -> new NetworkStep(n.block().get(), new Shape(n.input()), n.classes(), n.optimizer().settings(), true),
                torch);
    }

    /** A generative cpu preset's step (PyTorch's side: a VAE's or pytorch/examples DCGAN's step). */
    private static BenchCase generative(String model) {
        PresetTask preset = PresetTask.of(model, "cpu");
        long[] input = preset.batch().getShape();
        OptimizerSettings opt = preset.optimizer();
        Map<String, Object> torch = new LinkedHashMap<>();
        boolean gan = model.equals("dcgan");
        torch.put("kind", gan ? "gan" : "vae");
        torch.put("network", model);
        torch.put("input", input);
        torch.put("lr", opt.learningRateAt(0));
        torch.put("beta1", opt.beta1());
        torch.put("nz", preset.latent());
        torch.put("filters", preset.filters());
        return new BenchCase("train/" + model + "-" + input[2], String.format(Locale.ROOT, "%s %s, %s, %s %s", model,
                shape(input), gan ? "D+G steps" : "VAE loss", opt.name(), Opt.plain(opt.learningRateAt(0))), (int) input[0],
                () -> new GenerativeStep(model), torch);
    }

    private static BenchCase infer(Net n) {
        return new BenchCase("infer/" + n.name() + "-" + n.input()[2], n.name() + " " + shape(n.input()) + ", eval",
                (int) n.input()[0], () -> new NetworkStep(n.block().get(), new Shape(n.input()), n.classes(), null),
                network("infer", n));
    }

    private static Map<String, Object> network(String kind, Net n) {
        Map<String, Object> torch = new LinkedHashMap<>();
        torch.put("kind", kind);
        torch.put("network", n.name());
        torch.put("classes", n.classes());
        torch.put("input", n.input());
        return torch;
    }

    private static BenchCase optimizer(String network, int classes, Opt opt) {
        Map<String, Object> torch = new LinkedHashMap<>();
        torch.put("kind", "optimizer");
        torch.put("network", network);
        torch.put("classes", classes);
        torch.put("optimizer", opt.json());
        // the shapes are our network's: the peer checks them against its replica's
        return new BenchCase("optimizer/" + network + "-" + opt.name(), "one step of " + opt + " on " + network
                + "'s parameters", 0, () -> {
                    OptimizerUpdate u = new OptimizerUpdate(ModelRegistry.get(network).build(classes, 3),
                            new Shape(1, 3, 224, 224), opt.settings());
                    torch.put("shapes", u.shapes());
                    return u;
                }, torch);
    }

    private static BenchCase epoch(PresetEpoch e, int images, Path data) {
        Net n = e.net();
        Map<String, Object> torch = network("epoch", n);
        torch.put("input", new long[] {e.batch(), n.input()[1], n.input()[2], n.input()[3]});
        torch.put("optimizer", e.optimizer().json());
        torch.put("images", images);
        torch.put("data", data == null ? null : data.toString());
        int count = images > 0 ? images : 60_000;
        return new BenchCase("epoch/" + n.name().replace("-cpu", "") + "-cpu", String.format(Locale.ROOT, "%s cpu preset, one epoch of %,d "
                + "images, b%d, %s", n.name(), count, e.batch(), e.optimizer()), count, true,
                () -> new RecipeEpoch(e.recipe(), images, Parameters.countAt(n.block().get(),
                        new Shape(1, n.input()[1], n.input()[2], n.input()[3]))), torch);
    }

    private static BenchCase convTranspose(String name, long[] input, int out, int kernel, int stride, int padding) {
        Map<String, Object> torch = new LinkedHashMap<>();
        torch.put("kind", "conv_transpose");
        torch.put("input", input);
        torch.put("out", out);
        torch.put("kernel", kernel);
        torch.put("stride", stride);
        torch.put("padding", padding);
        return new BenchCase("convt/" + name, String.format(Locale.ROOT, "ConvTranspose2d %s->%d k%d s%d p%d, "
                + "forward+backward", shape(input), out, kernel, stride, padding), 0,
                () -> new ConvTransposeStep(input, out, kernel, stride, padding), torch);
    }
}
