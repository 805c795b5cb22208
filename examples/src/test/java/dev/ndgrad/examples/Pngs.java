package dev.ndgrad.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Test helpers: a PNG that is a real picture, and a log that goes nowhere. */
public final class Pngs {

    private Pngs() {}

    /** Asserts {@code file} decodes as an image, has a size, and is not a single colour. */
    public static BufferedImage assertRealImage(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), () -> file + " was not written");
        assertTrue(Files.size(file) > 0, () -> file + " is empty");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, () -> file + " does not decode as an image");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0, () -> file + " has no pixels");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight() && colours.size() < 16; y += 3) {
            for (int x = 0; x < image.getWidth() && colours.size() < 16; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() >= 3, () -> file + " is (nearly) one colour: " + colours.size() + " colour(s)");
        return image;
    }

    /** A stream that discards what the examples print. */
    public static PrintStream quietLog() {
        return new PrintStream(OutputStream.nullOutputStream(), true);
    }
}
