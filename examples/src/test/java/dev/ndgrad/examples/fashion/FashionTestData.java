package dev.ndgrad.examples.fashion;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** For the tests that train on Fashion-MNIST: its folder, or a skipped test that says how to get the data. */
public final class FashionTestData {

    private FashionTestData() {}

    /** The default folder when the four files are there; otherwise the calling test is skipped with the reason. */
    public static Path installed() {
        Path data = FashionData.defaultDir();
        assumeTrue(FashionData.missingFiles(data).isEmpty(),
                () -> "Fashion-MNIST is not installed, so this test is skipped:\n" + FashionData.howToGet(data));
        return data;
    }
}
