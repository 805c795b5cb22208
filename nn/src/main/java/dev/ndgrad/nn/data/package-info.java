/**
 * Data for training: a {@link dev.ndgrad.nn.data.Dataset} of features and labels, the mini-batch
 * {@link dev.ndgrad.nn.data.DataLoader}, train/dev/test {@link dev.ndgrad.nn.data.Splits}, input
 * normalization ({@link dev.ndgrad.nn.data.StandardScaler}), readers for CSV and IDX files, the bundled data
 * sets ({@link dev.ndgrad.nn.data.Datasets}) and per-batch image augmentation.
 *
 * <p>Row-major throughout: features are {@code [n, d]}, one example per row (the lecture notes write
 * examples as columns, {@code X} of shape {@code (n_x, m)}; here it is the transpose, as in ND4J and PyTorch).
 */
package dev.ndgrad.nn.data;
