package dev.ndgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class AgreementTest {

    @Test
    void theWorstParametersRelativeDifferenceIsReported() {
        Module a = new Sequential(new Linear(2, 2, true, DataType.DOUBLE, 1));
        Module b = new Sequential(new Linear(2, 2, true, DataType.DOUBLE, 1));
        assertEquals(0.0, Agreement.relativeDifference(a, b));
        b.namedParameters().get("0.bias").setData(FlatTensors.tensor(new double[] {3, 4}, new long[] {2},
                DataType.DOUBLE).data());
        a.namedParameters().get("0.bias").setData(FlatTensors.tensor(new double[] {3, 4.5}, new long[] {2},
                DataType.DOUBLE).data());
        assertEquals(0.5 / 5, Agreement.relativeDifference(a, b), 1e-15, "‖(0, 0.5)‖ / ‖(3, 4)‖");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Agreement.relativeDifference(a, new Sequential(new Linear(2, 3))));
        assertTrue(e.getMessage().contains("0.weight is [2, 2] in one model and [3, 2] in the other"), e.getMessage());
    }
}
