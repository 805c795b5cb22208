package dev.ndgrad.examples.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A grid of small grey-scale pictures, each enlarged and captioned below (a data set's images with what a model
 * made of them), under a title; written as a PNG. Pixel values run from 0 (black) to 1 (white), as the IDX image
 * files store them once scaled; values outside are clipped.
 */
public final class ImageGrid {

    /** The caption's second line, in a colour that stands out: what the model said where it was wrong. */
    public static final Color HIGHLIGHT = Plots.PALETTE.get(1);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int GAP = 10;

    /**
     * One picture: {@code height × width} values stored row by row, and up to two caption lines (the second drawn
     * in {@link #HIGHLIGHT}).
     */
    public record Tile(double[] pixels, int height, int width, List<String> caption) {
        public Tile {
            checkArgument(height > 0 && width > 0 && pixels.length == height * width,
                    "ImageGrid.Tile: %s pixels for %sx%s", pixels.length, height, width);
            checkArgument(caption.size() <= 2, "ImageGrid.Tile: %s caption lines, at most 2", caption.size());
            pixels = pixels.clone();
            caption = List.copyOf(caption);
        }
    }

    private ImageGrid() {}

    /**
     * Draws {@code tiles} row by row, {@code columns} to a row, each pixel as a {@code scale × scale} square, and
     * writes the PNG (through a temporary file, see {@link Plots#saveImage}).
     */
    public static Path save(Path file, String title, List<Tile> tiles, int columns, int scale) {
        checkArgument(!tiles.isEmpty() && columns > 0 && scale > 0, "ImageGrid '%s': %s tiles, %s columns, scale %s",
                title, tiles.size(), columns, scale);
        return Plots.saveImage(file, draw(title, tiles, columns, scale));
    }

    /** The picture {@link #save} writes. */
    static BufferedImage draw(String title, List<Tile> tiles, int columns, int scale) {
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int pictureWidth = tiles.stream().mapToInt(t -> t.width() * scale).max().orElseThrow();
        int pictureHeight = tiles.stream().mapToInt(t -> t.height() * scale).max().orElseThrow();

        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D m = measure.createGraphics();
        FontMetrics caption = m.getFontMetrics(CAPTION_FONT);
        FontMetrics heading = m.getFontMetrics(TITLE_FONT);
        int captionWidth = tiles.stream().flatMap(t -> t.caption().stream()).mapToInt(caption::stringWidth).max()
                .orElse(0);
        m.dispose();

        int cellWidth = Math.max(pictureWidth, captionWidth) + GAP;
        int cellHeight = pictureHeight + 2 * caption.getHeight() + GAP;
        int top = heading.getHeight() + 2 * GAP;
        int width = Math.max(cols * cellWidth + GAP, heading.stringWidth(title) + 2 * GAP);
        BufferedImage image = new BufferedImage(width, top + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, GAP, GAP + heading.getAscent());
            g.setFont(CAPTION_FONT);
            for (int k = 0; k < tiles.size(); k++) {
                int x = GAP + (k % cols) * cellWidth;
                int y = top + (k / cols) * cellHeight;
                Tile tile = tiles.get(k);
                int left = x + (cellWidth - GAP - tile.width() * scale) / 2;
                drawPixels(g, tile, left, y, scale);
                for (int line = 0; line < tile.caption().size(); line++) {
                    g.setColor(line == 0 ? Color.BLACK : HIGHLIGHT);
                    g.drawString(tile.caption().get(line), x, y + pictureHeight + line * caption.getHeight()
                            + caption.getAscent() + 2);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawPixels(Graphics2D g, Tile tile, int left, int top, int scale) {
        for (int i = 0; i < tile.height(); i++) {
            for (int j = 0; j < tile.width(); j++) {
                double v = tile.pixels()[i * tile.width() + j];
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v)));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(left + j * scale, top + i * scale, scale, scale);
            }
        }
    }
}
