package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cases of Evidently's {@code _get_default_stattest} (legacy stattests registry). */
class MethodSelectorTest {

    @Test
    void defaultMethod_smallReference_followsEvidently() {
        assertEquals(DriftMethod.KS, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 1000, 6));
        assertEquals(DriftMethod.CHISQUARE, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 1000, 5));
        assertEquals(DriftMethod.CHISQUARE, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 10, 3));
        assertEquals(DriftMethod.Z, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 500, 2));
        assertEquals(DriftMethod.Z, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 500, 1));
        assertEquals(DriftMethod.CHISQUARE, MethodSelector.defaultMethod(ColumnKind.CATEGORICAL, 1000, 3));
        assertEquals(DriftMethod.CHISQUARE, MethodSelector.defaultMethod(ColumnKind.CATEGORICAL, 1000, 300));
        assertEquals(DriftMethod.Z, MethodSelector.defaultMethod(ColumnKind.CATEGORICAL, 1000, 2));
    }

    @Test
    void defaultMethod_largeReference_followsEvidently() {
        assertEquals(DriftMethod.WASSERSTEIN, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 1001, 6));
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 1001, 5));
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.NUMERIC, 1_000_000, 2));
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.CATEGORICAL, 1001, 2));
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.CATEGORICAL, 5000, 40));
    }

    @Test
    void defaultMethod_text_isTokenJensenShannonForAnySize() {
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.TEXT, 10, 0));
        assertEquals(DriftMethod.JENSENSHANNON, MethodSelector.defaultMethod(ColumnKind.TEXT, 100_000, 0));
    }

    @Test
    void thresholdsAndRules_followEvidently() {
        assertEquals(0.05, DriftMethod.KS.defaultThreshold());
        assertEquals(0.1, DriftMethod.WASSERSTEIN.defaultThreshold());
        assertEquals(0.1, DriftMethod.JENSENSHANNON.defaultThreshold());
        assertEquals(0.1, DriftMethod.PSI.defaultThreshold());
        assertEquals(true, DriftMethod.KS.drifted(0.05, 0.05), "ks: p <= threshold");
        assertEquals(false, DriftMethod.CHISQUARE.drifted(0.05, 0.05), "chisquare: p < threshold");
        assertEquals(false, DriftMethod.Z.drifted(0.05, 0.05), "z: p < threshold");
        assertEquals(true, DriftMethod.WASSERSTEIN.drifted(0.1, 0.1), "distances: >= threshold");
    }
}
