package dev.classicnets.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainable parameter shapes of torchvision's {@code vgg11(num_classes=10)} and
 * {@code resnet18(num_classes=1000)}, in their order (weights, then biases; batch norm's gamma and beta);
 * the PyTorch side of the benchmark checks them against torchvision.
 */
final class ParameterShapes {

    private ParameterShapes() {}

    static List<long[]> of(String network) {
        return switch (network) {
            case "vgg11" -> vgg11();
            case "resnet18" -> resnet18();
            default -> throw new IllegalArgumentException("unknown network '" + network + "'; expected vgg11 or resnet18");
        };
    }

    static long count(List<long[]> shapes) {
        long n = 0;
        for (long[] s : shapes) {
            long size = 1;
            for (long d : s) {
                size *= d;
            }
            n += size;
        }
        return n;
    }

    /** VGG configuration A: 8 convolutions (3x3) and 3 linear layers; 128,807,306 parameters. */
    private static List<long[]> vgg11() {
        List<long[]> shapes = new ArrayList<>();
        long in = 3;
        for (long out : new long[] {64, 128, 256, 256, 512, 512, 512, 512}) {
            shapes.add(new long[] {out, in, 3, 3});
            shapes.add(new long[] {out});
            in = out;
        }
        long[][] linear = {{4096, 512 * 7 * 7}, {4096, 4096}, {10, 4096}};
        for (long[] l : linear) {
            shapes.add(l);
            shapes.add(new long[] {l[0]});
        }
        return shapes;
    }

    /** ResNet-18: four stages of two basic blocks; 11,689,512 parameters. */
    private static List<long[]> resnet18() {
        List<long[]> shapes = new ArrayList<>();
        shapes.add(new long[] {64, 3, 7, 7});
        batchNorm(shapes, 64);
        long in = 64;
        for (long width : new long[] {64, 128, 256, 512}) {
            for (int block = 0; block < 2; block++) {
                shapes.add(new long[] {width, in, 3, 3});
                batchNorm(shapes, width);
                shapes.add(new long[] {width, width, 3, 3});
                batchNorm(shapes, width);
                if (in != width) { // the projection shortcut of each stage's first block
                    shapes.add(new long[] {width, in, 1, 1});
                    batchNorm(shapes, width);
                }
                in = width;
            }
        }
        shapes.add(new long[] {1000, 512});
        shapes.add(new long[] {1000});
        return shapes;
    }

    private static void batchNorm(List<long[]> shapes, long channels) {
        shapes.add(new long[] {channels});
        shapes.add(new long[] {channels});
    }
}
