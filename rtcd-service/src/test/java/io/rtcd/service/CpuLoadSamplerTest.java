package io.rtcd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuLoadSamplerTest {
    @Test
    void loadIsTheInverseOfIdleCores() {
        assertEquals(0.125, CpuLoadSampler.loadFrom(1.0, 8.0), 1e-9);
        assertEquals(1.0, CpuLoadSampler.loadFrom(1.0, 1.0), 1e-9);
        assertEquals(2.0, CpuLoadSampler.loadFrom(2.0, 1.0), 1e-9);
    }

    @Test
    void aFullyBusyHostIsCappedInsteadOfInfinite() {
        assertEquals(CpuLoadSampler.MAX_LOAD, CpuLoadSampler.loadFrom(1.0, 0.0));
        assertEquals(CpuLoadSampler.MAX_LOAD, CpuLoadSampler.loadFrom(0.0, 0.0));
    }

    @Test
    void parsesTheAggregateProcStatLine() {
        assertEquals(1000 + 25, CpuLoadSampler.idleTicks("cpu  4705 150 1120 1000 25 0 10 0 0 0"));
        assertThrows(IllegalArgumentException.class, () -> CpuLoadSampler.idleTicks("intr 1 2 3"));
    }

    @Test
    void parsesTheFirstLineOfAFileBufferWithoutReadingFurther() {
        byte[] file = "cpu  4705 150 1120 123456789012 7 0 10 0 0 0\ncpu0 1 2 3 4 5 6\nintr 9 9 9\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(123456789012L + 7, CpuLoadSampler.idleTicks(file, file.length));
        byte[] cut = "cpu  4705 150 1120".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> CpuLoadSampler.idleTicks(cut, cut.length));
        byte[] bad = "cpu  47x5 150 1120 1 2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> CpuLoadSampler.idleTicks(bad, bad.length));
    }
}
