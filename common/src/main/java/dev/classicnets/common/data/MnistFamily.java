package dev.classicnets.common.data;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST and Fashion-MNIST: 28x28 grey images in 10 classes, 60,000 for training and 10,000 for
 * testing, read from the four IDX files.
 *
 * <p>Where the files are looked for, in order: the directory given ({@code --data-dir}); the
 * directory Debian's package installs them into ({@code dataset-fashion-mnist}); DJL's cache; and
 * finally DJL's own download, which fills that cache (it needs a network). Each file may be plain
 * or gzip-compressed.
 */
public enum MnistFamily {
    FASHION_MNIST("Fashion-MNIST", "fashmnist", "dataset-fashion-mnist", Path.of("/usr/share/datasets/fashion-mnist"),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot")),
    MNIST("MNIST", "mnist", null, null, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** The four files, without the optional ".gz". */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private static final Logger LOG = LoggerFactory.getLogger(MnistFamily.class);

    private final String displayName;
    private final String djlArtifact;
    private final String debianPackage;
    private final Path debianDir;
    private final List<String> classNames;

    MnistFamily(String displayName, String djlArtifact, String debianPackage, Path debianDir,
            List<String> classNames) {
        this.displayName = displayName;
        this.djlArtifact = djlArtifact;
        this.debianPackage = debianPackage;
        this.debianDir = debianDir;
        this.classNames = classNames;
    }

    public String displayName() {
        return displayName;
    }

    public List<String> classNames() {
        return classNames;
    }

    /**
     * Loads the training set, holds out {@code validationFraction} of it (seeded) as the
     * validation set, and loads the test set.
     *
     * @param dataDir a directory with the four IDX files, or null to search the standard places
     * @param validationFraction in [0, 1); 0 means no validation set
     */
    public DataSplits load(Path dataDir, double validationFraction, long seed) throws IOException {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        Path dir = locate(dataDir);
        LOG.info("{} from {}", displayName, dir);
        ImageSet train = read(dir, TRAIN_IMAGES, TRAIN_LABELS);
        ImageSet test = read(dir, TEST_IMAGES, TEST_LABELS);
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new IOException(dir + ": the training images are " + train.height() + "x" + train.width()
                    + " but the test images " + test.height() + "x" + test.width() + "; a network takes one size");
        }
        if (validationFraction == 0) {
            return new DataSplits(displayName, train, null, test);
        }
        ImageSet[] split = train.randomSplit(validationFraction, seed);
        return new DataSplits(displayName, split[0], split[1], test);
    }

    private ImageSet read(Path dir, String imagesName, String labelsName) throws IOException {
        IdxFile images = IdxFile.read(find(dir, imagesName));
        IdxFile labels = IdxFile.read(find(dir, labelsName));
        if (images.dims().length != 3) {
            throw new IOException(images.path() + ": expected 3 dimensions (count, rows, columns), got "
                    + images.dims().length);
        }
        if (labels.dims().length != 1) {
            throw new IOException(labels.path() + ": expected 1 dimension (count), got " + labels.dims().length);
        }
        if (images.count() != labels.count()) {
            throw new IOException(images.path() + " has " + images.count() + " images but " + labels.path()
                    + " has " + labels.count() + " labels");
        }
        for (int i = 0; i < labels.data().length; i++) {
            int l = labels.data()[i] & 0xff;
            if (l >= classNames.size()) {
                throw new IOException(labels.path() + ": label " + l + " at item " + i + " is outside [0, "
                        + classNames.size() + ")");
            }
        }
        return ImageSet.fromBytes(images.data(), labels.data(), images.dims()[1], images.dims()[2], classNames);
    }

    /**
     * The directory holding all four files.
     *
     * @throws DatasetNotFoundException naming every place looked in and how to get the data
     */
    public Path locate(Path dataDir) throws IOException {
        if (dataDir != null) {
            List<String> missing = missing(dataDir);
            if (missing.isEmpty()) {
                return dataDir;
            }
            throw new DatasetNotFoundException(String.format(
                    "%s not found in --data-dir %s: missing %s (each may end in .gz). %s",
                    displayName, dataDir, String.join(", ", missing), howToGet()));
        }
        Set<Path> candidates = new LinkedHashSet<>();
        if (debianPackage != null) {
            candidates.addAll(dpkgDirectories());
            candidates.add(debianDir);
        }
        Path cache = djlCacheDir();
        candidates.add(cache);
        for (Path c : candidates) {
            if (missing(c).isEmpty()) {
                return c;
            }
        }
        try {
            downloadWithDjl();
            if (missing(cache).isEmpty()) {
                return cache;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DJL download of {} failed", displayName, e);
        }
        List<String> looked = new ArrayList<>();
        candidates.forEach(p -> looked.add(p.toString()));
        looked.add("DJL's download");
        throw new DatasetNotFoundException(String.format("%s not found (looked in: %s). %s",
                displayName, String.join(", ", looked), howToGet()));
    }

    private String howToGet() {
        String files = String.join(", ", FILES);
        if (debianPackage != null) {
            return "Install it with `apt-get install -y " + debianPackage + "`, or pass --data-dir DIR with " + files
                    + ".";
        }
        return "Pass --data-dir DIR with " + files + ", or run once with a network so DJL can download it.";
    }

    private static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (find(dir, f) == null) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** The file {@code name} or {@code name.gz} in {@code dir}, or null. */
    private static Path find(Path dir, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Where {@code dpkg -L} says the package put its IDX files (nothing if dpkg is absent). */
    private List<Path> dpkgDirectories() {
        List<Path> dirs = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("dpkg", "-L", debianPackage).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                out.lines().filter(l -> l.contains(TRAIN_IMAGES)).map(l -> Path.of(l).getParent())
                        .distinct().forEach(dirs::add);
            }
        } catch (IOException e) {
            // no dpkg on this system: fall through to the fixed locations
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dirs;
    }

    /** Where DJL's {@code FashionMnist}/{@code Mnist} keep the gunzipped files once downloaded. */
    Path djlCacheDir() {
        return Utils.getCacheDir().resolve("cache/repo/dataset/cv/ai/djl/basicdataset").resolve(djlArtifact)
                .resolve("1.0");
    }

    private void downloadWithDjl() throws IOException {
        if (Boolean.getBoolean("ai.djl.offline")) {
            throw new IOException("ai.djl.offline is set");
        }
        Dataset.Usage[] usages = {Dataset.Usage.TRAIN, Dataset.Usage.TEST};
        try {
            for (Dataset.Usage usage : usages) {
                if (this == FASHION_MNIST) {
                    FashionMnist.builder().optUsage(usage).setSampling(1, false).build().prepare();
                } else {
                    Mnist.builder().optUsage(usage).setSampling(1, false).build().prepare();
                }
            }
        } catch (ai.djl.translate.TranslateException e) {
            throw new IOException(e);
        }
    }
}
