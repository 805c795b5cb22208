package dev.ndgrad.examples.cnn;

import com.google.common.collect.Range;
import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import dev.ndgrad.examples.ProgressOption;
import dev.ndgrad.examples.fashion.FashionDataOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ndgrad cnn}: see {@link CnnExample}. */
@Command(name = "cnn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A small convolutional network (Conv2d, BatchNorm2d, ReLU and MaxPool2d blocks, then Linear "
                + "layers with dropout) on Fashion-MNIST: Adam with a cosine learning-rate decay, dev accuracy per "
                + "epoch, test accuracy (per class too), and the test images it gets wrong.",
                "Needs the data: sudo apt-get install dataset-fashion-mnist, or --data FOLDER with the four IDX files.",
                "Writes cnn-learning-curves.png, cnn-misclassified.png and cnn.npz."})
public final class CnnCommand extends ExampleCommand {

    @Mixin
    FashionDataOptions data;

    @Option(names = "--channels", split = ",", paramLabel = "N", defaultValue = "16,32",
            description = "Output channels of each convolution block (3x3 convolution, batch norm, ReLU, 2x2 max "
                    + "pooling), comma-separated; at most " + CnnCommand.MAX_BLOCKS + " blocks. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> channels;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "128",
            description = "Width of the fully connected hidden layer. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--dropout", defaultValue = "0.2",
            description = "Dropout probability after the hidden layer. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--epochs", defaultValue = "6", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.002",
            description = "Adam's initial learning rate α₀, decayed along a cosine to α₀/100 by the last step. "
                    + "Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--shown", paramLabel = "N", defaultValue = "40",
            description = "Misclassified test images drawn in cnn-misclassified.png (at most " + CnnCommand.MAX_SHOWN
                    + "). Default: ${DEFAULT-VALUE}.")
    int shown;

    @Mixin
    ProgressOption progress;

    /** 28 × 28 images halve four times to 1 × 1; a fifth pooling would leave nothing. */
    static final int MAX_BLOCKS = 4;
    /** More misclassified images than this make a picture nobody looks through. */
    static final int MAX_SHOWN = 400;

    @Override
    protected void validate(OptionCheck check) {
        check.eachAtLeastOne("--channels", channels)
                .require(channels.size() <= MAX_BLOCKS, "--channels: at most " + MAX_BLOCKS + " blocks (each halves "
                        + "the 28x28 image), got " + channels.size())
                .atLeastOne("--hidden", hidden)
                .within("--dropout", dropout, Range.closedOpen(0.0, 1.0))
                .atLeastOne("--epochs", epochs)
                .atLeastOne("--batch-size", batchSize)
                .positive("--lr", learningRate)
                .atLeastOne("--shown", shown)
                .require(shown <= MAX_SHOWN, "--shown must be at most " + MAX_SHOWN + ", got " + shown);
        data.check(check);   // last: whether the files are there is checked once the numbers are right
    }

    @Override
    protected int run(Path out) {
        CnnExample.Config config = new CnnExample.Config(data.dir(), data.trainExamples(), data.devExamples(),
                channels, hidden, dropout, epochs, batchSize, learningRate, shown, seed(), progress.display(), out);
        CnnExample.Result r = CnnExample.run(config, System.out);
        System.out.println("Wrote " + r.learningCurves().toAbsolutePath() + ", "
                + r.misclassifiedImages().getFileName() + " and " + r.checkpoint().getFileName());
        return 0;
    }
}
