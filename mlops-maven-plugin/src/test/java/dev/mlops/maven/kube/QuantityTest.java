package dev.mlops.maven.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The quantity forms Kubernetes accepts for CPU and memory, valued so that requests compare with limits. */
class QuantityTest {

    @Test
    void cpu_coresAndMillicores_valuedInCores() {
        assertEquals(0, new BigDecimal("0.5").compareTo(Quantity.cpu("c", "500m").value()));
        assertEquals(0, new BigDecimal("2").compareTo(Quantity.cpu("c", "2").value()));
        assertEquals(0, new BigDecimal("0.25").compareTo(Quantity.cpu("c", ".25").value()));
        assertEquals(0, new BigDecimal("1.5").compareTo(Quantity.cpu("c", "1500m").value()));
    }

    @Test
    void memory_binaryAndDecimalSuffixes_valuedInBytes() {
        assertEquals(0, BigDecimal.valueOf(1073741824L).compareTo(Quantity.memory("m", "1Gi").value()));
        assertEquals(0, BigDecimal.valueOf(536870912L).compareTo(Quantity.memory("m", "512Mi").value()));
        assertEquals(0, BigDecimal.valueOf(1500000000L).compareTo(Quantity.memory("m", "1.5G").value()));
        assertEquals(0, BigDecimal.valueOf(128974848L).compareTo(Quantity.memory("m", "128974848").value()));
        assertEquals(0, BigDecimal.valueOf(129000000L).compareTo(Quantity.memory("m", "129M").value()));
    }

    @Test
    void invalid_namesTheSettingAndValue() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Quantity.memory("memoryLimit", "512m"));
        assertEquals("memoryLimit", e.setting());
        assertEquals("'512m' is not a memory quantity; valid: bytes with an optional suffix Ki, Mi, Gi, Ti (powers of"
                + " 1024) or k, M, G, T (powers of 1000), such as 1Gi or 512Mi (suffixes are case-sensitive: Mi or M, not"
                + " m, mb or MB)", e.getMessage());
        assertEquals("'0m' must be more than zero", assertThrows(InvalidSettingException.class,
                () -> Quantity.cpu("cpuRequest", "0m")).getMessage());
        assertThrows(InvalidSettingException.class, () -> Quantity.cpu("cpuRequest", "-1"));
        assertThrows(InvalidSettingException.class, () -> Quantity.cpu("cpuRequest", "1.5 cores"));
        assertEquals("'purple' is not a color; valid: blue, green",
                assertThrows(InvalidSettingException.class, () -> Color.parse("live", "purple")).getMessage());
    }

    @Test
    void labelValue_andResourceName_areWhatKubernetesAccepts() {
        assertEquals("0.1.0-SNAPSHOT", KubeManifests.labelValue("0.1.0-SNAPSHOT"));
        assertEquals("1.0-build-7", KubeManifests.labelValue("1.0+build/7"));
        assertEquals(63, KubeManifests.labelValue("v".repeat(100)).length());
        assertEquals("house-prices", KubeManifests.resourceName("House_Prices"));
        assertEquals("iris", KubeManifests.resourceName("2iris"));
    }
}
