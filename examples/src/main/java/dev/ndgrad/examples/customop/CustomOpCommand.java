package dev.ndgrad.examples.customop;

import dev.ndgrad.examples.ExampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ndgrad custom-op}: see {@link CustomOpExample}. */
@Command(name = "custom-op", mixinStandardHelpOptions = true,
        description = {"Extending ndgrad: a Swish op with its own forward and backward, gradient-checked alone, "
                + "twice differentiated and inside a network; then the same op with a wrong backward, and the "
                + "report that finds it.", "Writes swish-derivatives.png."})
public final class CustomOpCommand implements Callable<Integer> {

    @Mixin
    ExampleOptions options;

    @Override
    public Integer call() {
        CustomOpExample.Result r = CustomOpExample.run(options.seed(), options.outputDir("custom-op"), System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        boolean asExpected = r.opCheck().passed() && r.secondOrderCheck().passed() && r.networkCheck().passed()
                && !r.brokenCheck().passed();
        return asExpected ? 0 : 1;
    }
}
