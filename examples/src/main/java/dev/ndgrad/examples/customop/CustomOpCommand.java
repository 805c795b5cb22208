package dev.ndgrad.examples.customop;

import dev.ndgrad.examples.ExampleCommand;
import dev.ndgrad.examples.OptionCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code ndgrad custom-op}: see {@link CustomOpExample}. */
@Command(name = "custom-op", mixinStandardHelpOptions = true,
        description = {"Extending ndgrad: a Swish op with its own forward and backward, gradient-checked alone, "
                + "twice differentiated and inside a network; then the same op with a wrong backward, and the "
                + "report that finds it.", "Writes swish-derivatives.png."})
public final class CustomOpCommand extends ExampleCommand {

    @Override
    protected void validate(OptionCheck check) {
        // only the shared options
    }

    @Override
    protected int run(Path out) {
        CustomOpExample.Result r = CustomOpExample.run(seed(), out, System.out);
        System.out.println("Wrote " + r.plot().toAbsolutePath());
        boolean asExpected = r.opCheck().passed() && r.secondOrderCheck().passed() && r.networkCheck().passed()
                && !r.brokenCheck().passed();
        return asExpected ? 0 : 1;
    }
}
