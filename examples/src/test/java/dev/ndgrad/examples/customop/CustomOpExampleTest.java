package dev.ndgrad.examples.customop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.examples.Pngs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomOpExampleTest {

    @Test
    void theCorrectOpPassesEveryCheckAndTheBrokenOneIsFoundByName(@TempDir Path out) throws Exception {
        CustomOpExample.Result r = CustomOpExample.run(3, out, Pngs.quietLog());

        assertTrue(r.opCheck().passed(), r.opCheck()::toString);
        assertTrue(r.secondOrderCheck().passed(), r.secondOrderCheck()::toString);
        assertTrue(r.networkCheck().passed(), r.networkCheck()::toString);
        assertTrue(r.networkCheck().opChain().contains("Swish"), r.networkCheck()::opChain);

        assertFalse(r.brokenCheck().passed(), r.brokenCheck()::toString);
        assertTrue(r.brokenCheck().relativeError() > 1e-3, r.brokenCheck()::toString);
        assertTrue(r.brokenCheck().toString().contains("BrokenSwish"), r.brokenCheck()::toString);
        assertTrue(r.brokenCheck().worstElements().stream().allMatch(e -> e.inputName().matches("W1|b1")),
                "only the parameters below the broken op should be off:\n" + r.brokenCheck());
        assertFalse(r.brokenOpCheck().passed(), r.brokenOpCheck()::toString);
        assertTrue(r.brokenOpCheck().opChain().startsWith("BrokenSwish"), r.brokenOpCheck()::opChain);

        assertTrue(r.maxDerivativeErrorCorrect() < 1e-6, "Swish backward vs numeric: " + r.maxDerivativeErrorCorrect());
        assertTrue(r.maxDerivativeErrorBroken() > 0.1, "BrokenSwish backward vs numeric: " + r.maxDerivativeErrorBroken());
        Pngs.assertRealImage(r.plot());
    }
}
