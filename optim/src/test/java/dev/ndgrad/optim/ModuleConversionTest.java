package dev.ndgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Module;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer built before {@code Module.to(dtype)} keeps training the model: {@code to} converts the
 * parameters in place, so the optimizer's tensors are the model's (it used to update orphaned copies and
 * leave the model as it was, silently). Its state follows the new dtype.
 */
class ModuleConversionTest {

    private static void step(Module model, Optimizer optimizer, DataType dtype) {
        optimizer.zeroGrad();
        model.forward(Tensor.ones(dtype, 2, 3)).square().sum().backward();
        optimizer.step();
    }

    @Test
    void anOptimizerBuiltBeforeToKeepsUpdatingTheModel() {
        List<Function<List<Tensor>, Optimizer>> optimizers = List.of(p -> new SGD(p, 0.1),
                p -> SGD.withMomentum(p, 0.1, 0.9), p -> new RMSprop(p, 0.01), p -> new Adam(p, 0.01));
        for (Function<List<Tensor>, Optimizer> make : optimizers) {
            Module model = new Linear(3, 2, true, DataType.DOUBLE, 1);
            Optimizer optimizer = make.apply(model.parameters());
            step(model, optimizer, DataType.DOUBLE);   // state created in DOUBLE
            model.to(DataType.FLOAT);
            for (int i = 0; i < model.parameters().size(); i++) {
                assertSame(model.parameters().get(i), optimizer.params().get(i), optimizer.name());
            }
            double[] before = model.parameters().get(0).toDoubleArray();
            step(model, optimizer, DataType.FLOAT);
            assertNotEquals(before[0], model.parameters().get(0).toDoubleArray()[0], optimizer.name()
                    + " must move the model's weight");
            Map<String, INDArray> state = optimizer.stateDict();
            state.forEach((key, value) -> {
                if (key.startsWith("state.") && !key.endsWith(".step")) {
                    assertEquals(DataType.FLOAT, value.dataType(), optimizer.name() + " " + key);
                }
            });
            // the state saved after the conversion loads back (buffers of the parameters' dtype)
            Optimizer resumed = make.apply(model.parameters());
            resumed.loadStateDict(state);
            assertEquals(state.keySet(), resumed.stateDict().keySet());
        }
    }
}
