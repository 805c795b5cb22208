package dev.ndgrad.examples.planar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlowerDataTest {

    @Test
    void halfOfEachClassOnFourPetalsOfRadiusAboutFour() {
        FlowerData.Points p = FlowerData.generate(400, 1);
        assertEquals(400, p.size());
        assertEquals(200, Arrays.stream(p.y()).filter(v -> v == 1).count());
        for (double[] point : p.x()) {
            assertEquals(2, point.length);
            assertTrue(Math.hypot(point[0], point[1]) < 4 + 1.5, () -> Arrays.toString(point));
        }
    }

    @Test
    void theSameSeedGivesTheSamePoints() {
        assertArrayEquals(FlowerData.generate(40, 7).x(), FlowerData.generate(40, 7).x());
        assertTrue(!Arrays.deepEquals(FlowerData.generate(40, 7).x(), FlowerData.generate(40, 8).x()));
    }

    @Test
    void rejectsAnOddCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> FlowerData.generate(7, 1));
        assertTrue(e.getMessage().contains("m = 7"), e.getMessage());
    }
}
