package dev.ndgrad.autograd;

import dev.ndgrad.autograd.kernel.KernelPath;

/** Test code that must hold on both kernel paths. */
final class KernelPaths {

    private KernelPaths() {}

    /** Runs {@code body} on the host path and again with the host path turned off (ND4J alone). */
    @SuppressWarnings("try")   // the path scope acts on close
    static void onBothPaths(Runnable body) {
        body.run();
        try (var nd4j = KernelPath.nd4jOnly()) {
            body.run();
        }
    }
}
