package io.rtcd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Our process metrics against the library's {@code ProcessMetrics}: same metadata, same stable values. */
class ProcessMetricsCollectorTest {

    private static Map<String, MetricSnapshot> byName(MetricSnapshots snapshots) {
        Map<String, MetricSnapshot> m = new TreeMap<>();
        for (MetricSnapshot s : snapshots) {
            m.put(s.getMetadata().getPrometheusName(), s);
        }
        return m;
    }

    private static String describe(MetricSnapshot s) {
        return s.getClass().getSimpleName() + " " + s.getMetadata().getName() + " | "
                + s.getMetadata().getHelp() + " | " + s.getMetadata().getUnit() + " | points "
                + s.getDataPoints().size();
    }

    private static double gauge(MetricSnapshot s) {
        DataPointSnapshot p = s.getDataPoints().getFirst();
        return ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue();
    }

    @Test
    void processMetricsHaveTheLibrarysMetadataAndValues() {
        PrometheusRegistry library = new PrometheusRegistry();
        ProcessMetrics.builder().register(library);
        PrometheusRegistry ours = new PrometheusRegistry();
        ProcessMetricsCollector.registerProcess(ours);
        Map<String, MetricSnapshot> expected = byName(library.scrape());
        Map<String, MetricSnapshot> actual = byName(ours.scrape());
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertEquals(describe(expected.get(name)), describe(actual.get(name)), name);
        }
        assertEquals(
                gauge(expected.get("process_start_time_seconds")), gauge(actual.get("process_start_time_seconds")));
        if (expected.containsKey("process_max_fds")) {
            assertEquals(gauge(expected.get("process_max_fds")), gauge(actual.get("process_max_fds")));
        }
        if (expected.containsKey("process_virtual_memory_bytes")) {
            double lib = gauge(expected.get("process_virtual_memory_bytes"));
            double mine = gauge(actual.get("process_virtual_memory_bytes"));
            assertTrue(mine > 0 && Math.abs(mine - lib) < lib * 0.2, lib + " vs " + mine);
        }
    }

    @Test
    void jvmAndProcessRegistersWhatJvmMetricsRegisters() {
        PrometheusRegistry library = new PrometheusRegistry();
        JvmMetrics.builder().register(library);
        PrometheusRegistry ours = new PrometheusRegistry();
        ProcessMetricsCollector.registerJvmAndProcess(ours);
        assertEquals(byName(library.scrape()).keySet(), byName(ours.scrape()).keySet());
    }

    @Test
    void parsesKilobyteLinesOfProcSelfStatus() {
        byte[] status = "Name:\tjava\nVmPeak:\t 999 kB\nVmSize:\t  123456 kB\nVmRSS:\t 7890 kB\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(123456, ProcessMetricsCollector.kbOf(status, status.length, "VmSize:"));
        assertEquals(7890, ProcessMetricsCollector.kbOf(status, status.length, "VmRSS:"));
        assertEquals(-1, ProcessMetricsCollector.kbOf(status, status.length, "VmSwap:"));
        assertEquals(-1, ProcessMetricsCollector.kbOf(status, 30, "VmRSS:"));
    }
}
